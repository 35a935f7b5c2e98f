import { renameSync, writeFileSync } from "node:fs";

/** A cache folder of this user's in the OS temp folder (`<tmp>/<name>-<uid>`) that only this user can write to. */
export { privateCacheDir } from "../../scripts/private-cache-dir.cjs";

/** Writes a file whole or not at all: a parallel run never reads half of it. */
export function writeAtomic(file: string, data: string | Buffer): void {
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}
