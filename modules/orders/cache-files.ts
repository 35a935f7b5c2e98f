import { renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A cache folder of this user's in the OS temp folder (`<tmp>/<name>-<uid>`), as scripts/ts-run.cjs keeps its own. */
export const userCacheDir = (name: string): string => join(tmpdir(), `${name}-${process.getuid?.() ?? "user"}`);

/** Writes a file whole or not at all: a parallel run never reads half of it. */
export function writeAtomic(file: string, data: string | Buffer): void {
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}
