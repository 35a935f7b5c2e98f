import { createWriteStream, openSync, renameSync, rmSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Writes a payload to `path` only once it has been read whole (and so verified, for a consumer's stream):
 * first under `<path>.partial`, then renamed into place. On any error nothing is left behind.
 */
export async function saveVerified(payload: Readable, path: string): Promise<void> {
  const partial = `${path}.partial`;
  // Opened here, not by the write stream: it opens its file asynchronously, and pipeline() rejects at once for
  // a payload that had already failed (a prefetched payload whose checksum did not match), so the file
  // appeared after it had been removed.
  const file = createWriteStream(partial, { fd: openSync(partial, "w") });
  try {
    await pipeline(payload, file);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
}
