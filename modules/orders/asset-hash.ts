import { hashPath } from "cdktf/lib/private/fs";
import { statSync } from "node:fs";

const hashes = new Map<string, string>();

/**
 * The hash cdktf gives an asset file, computed once per version of the file: each orders stack makes assets
 * of the same Lambda zips and web files, and cdktf would read and hash every one of them again per stack.
 * cdktf's own function, so the hashes (and the synthesized output) are the same.
 */
export function assetHashOf(path: string): string {
  const { size, mtimeMs } = statSync(path);
  const version = `${path}\0${size}\0${mtimeMs}`;
  let hash = hashes.get(version);
  if (hash === undefined) hashes.set(version, (hash = hashPath(path)));
  return hash;
}
