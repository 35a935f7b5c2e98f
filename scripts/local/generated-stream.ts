import { Readable } from "node:stream";

/**
 * `size` deterministic bytes produced 1 MiB at a time, never held in memory at once. The bytes vary
 * with their position, so a reordered or truncated copy hashes differently.
 */
export function generatedStream(size: number): Readable {
  const chunkSize = 1024 * 1024;
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const length = Math.min(chunkSize, size - sent);
      const chunk = Buffer.alloc(length);
      for (let i = 0; i < length; i += 4096) chunk[i] = (sent + i) % 251;
      sent += length;
      this.push(chunk);
    },
  });
}

/**
 * `size` bytes from a ring of 16 buffers of 1 MiB, reused in turn: a source that allocates (almost) nothing,
 * for measuring a client's own memory. An allocating source leaves up to ~64 MiB of dead chunks before V8
 * collects them (its external-memory threshold), which would be counted against the client. Safe for
 * consumers that copy or send a chunk before they have read 15 more (the claim check copies at once;
 * lib-storage holds at most one part of 10 chunks).
 */
export function recycledStream(size: number): Readable {
  const chunkSize = 1024 * 1024;
  const ring = Array.from({ length: 16 }, (_, n) => {
    const chunk = Buffer.alloc(chunkSize);
    for (let i = 0; i < chunkSize; i += 4096) chunk[i] = (n * chunkSize + i) % 251;
    return chunk;
  });
  let sent = 0;
  let next = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const length = Math.min(chunkSize, size - sent);
      const chunk = ring[next++ % ring.length];
      sent += length;
      this.push(length === chunkSize ? chunk : chunk.subarray(0, length));
    },
  });
}
