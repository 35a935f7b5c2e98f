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
