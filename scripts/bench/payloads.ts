import { Readable } from "node:stream";

/** `size` bytes produced chunk by chunk, never held in memory at once. */
export function generatedStream(size: number, chunkSize = 1024 * 1024): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(chunkSize, 0x5a);
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const length = Math.min(chunkSize, size - sent);
      sent += length;
      this.push(length === chunkSize ? Buffer.from(chunk) : chunk.subarray(0, length));
    },
  });
}
