// Every cache of this project's (transpiled files, V8 compiled code, Lambda and CLI bundles, HCL) lives in
// a folder of the OS temp folder, which other users share. Had another user made the folder first, or put a
// symlink in its place, they could plant code that our next run loads, or that synth zips into a Lambda.
// So a cache folder is made private to this user (0700), and an existing one is used only if it is a real
// folder, not a symlink, owned by this user and writable by no one else; otherwise the run stops, naming it.
const { chmodSync, lstatSync, mkdirSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

/**
 * `<parent>/<name>-<uid>`, created if missing, after checking that only this user can write to it.
 * @param {string} name
 * @param {string} [parent] the OS temp folder unless given
 * @returns {string}
 */
function privateCacheDir(name, parent = tmpdir()) {
  const uid = process.getuid?.();
  const dir = join(parent, `${name}-${uid ?? "user"}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (uid === undefined) return dir; // Windows: the temp folder is the user's own
  const stat = lstatSync(dir);
  const problem = !stat.isDirectory()
    ? "it is not a folder (a symlink?)"
    : stat.uid !== uid
      ? `it belongs to user ${stat.uid}`
      : (stat.mode & 0o022) !== 0
        ? `others can write to it (mode ${(stat.mode & 0o777).toString(8)})`
        : undefined;
  if (problem) {
    throw new Error(`Refusing to use the cache folder ${dir}: ${problem}. Remove it, or set TMPDIR to a folder of your own.`);
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700); // made before this rule: keep its contents, hide them
  return dir;
}

module.exports = { privateCacheDir };
