// Where this project keeps its caches, and how it writes them. Never in the shared OS temp folder: another
// user could make a cache folder there first, or swap it mid-run, and plant code that our next run loads or
// that synth zips into a Lambda. So every cache (transpiled TypeScript, V8 compiled code, the orders Lambda
// bundles, the test suite's jest, CLI-bundle, HCL and Registry-module caches) lives in the checkout, under
// node_modules/.cache as ESLint's and tsc's do: a folder of the user who installed the project, cleared by
// `npm ci`. A user who may not write there (another user's install) gets the same caches in their own cache
// folder (userCacheDir), chosen once, here. CLAIM_CHECK_CACHE names another folder, an absolute path to a
// folder of your own (the tests give each run of the launcher its own).
const { createHash } = require("node:crypto");
const { accessSync, constants, mkdirSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { homedir } = require("node:os");
const { dirname, join, resolve } = require("node:path");

/**
 * `<the user's cache folder>/claim-check/<name>`, for what must not sit inside the checkout (a project there
 * would resolve packages from the checkout's node_modules): XDG_CACHE_HOME or ~/.cache, ~/Library/Caches on
 * macOS, LOCALAPPDATA on Windows.
 * @param {string} name
 * @returns {string}
 */
function userCacheDir(name) {
  const base =
    process.platform === "win32"
      ? (process.env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"))
      : process.platform === "darwin"
        ? join(homedir(), "Library", "Caches")
        : process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "claim-check", name);
}

/** Whether this process may make and write files in a folder (made if missing). */
function writable(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const CHECKOUT = resolve(__dirname, "..");
const CHECKOUT_CACHE = join(CHECKOUT, "node_modules", ".cache", "claim-check");
/** A short name of this checkout, for what is kept per checkout outside it: a hash of its path. */
const CHECKOUT_ID = createHash("sha256").update(CHECKOUT).digest("hex").slice(0, 12);

/**
 * The folder of the project's caches: CLAIM_CHECK_CACHE; else node_modules/.cache/claim-check of this
 * checkout; else, for a user who may not write there, `<the user's cache folder>/claim-check/checkout-<hash
 * of the checkout's path>`.
 */
const CACHE_ROOT = process.env.CLAIM_CHECK_CACHE
  ? resolve(process.env.CLAIM_CHECK_CACHE)
  : writable(CHECKOUT_CACHE)
    ? CHECKOUT_CACHE
    : userCacheDir(`checkout-${CHECKOUT_ID}`);

/**
 * `<CACHE_ROOT>/<name>`.
 * @param {string} name
 * @returns {string}
 */
const cacheDir = (name) => join(CACHE_ROOT, name);

/**
 * Writes a file whole or not at all, making its folder if missing: a parallel run never reads half of it.
 * On failure the partial file is removed and the error thrown.
 * @param {string} file
 * @param {string | Buffer} data
 */
function writeAtomic(file, data) {
  const partial = `${file}.${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch (error) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // not a file of ours (a folder in its place): the write's own error says more
    }
    throw error;
  }
}

module.exports = { CACHE_ROOT, CHECKOUT_ID, cacheDir, userCacheDir, writeAtomic };
