import { renameSync, writeFileSync } from "node:fs";

/** The project's cache folders (node_modules/.cache/claim-check/<name>; see the file). */
export { cacheDir, userCacheDir } from "../../scripts/cache-dir.cjs";

/** Writes a file whole or not at all: a parallel run never reads half of it. */
export function writeAtomic(file: string, data: string | Buffer): void {
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}
