// Types of scripts/cache-dir.cjs (see there).
/**
 * The folder of the project's caches: CLAIM_CHECK_CACHE; else node_modules/.cache/claim-check of this checkout;
 * else, for a user who may not write there, a folder of this checkout's in the user's cache folder.
 */
export const CACHE_ROOT: string;
/** A short name of this checkout, for what is kept per checkout outside it: a hash of its path. */
export const CHECKOUT_ID: string;
/** `<CACHE_ROOT>/<name>`. */
export function cacheDir(name: string): string;
/** `<the user's cache folder>/claim-check/<name>`, for what must not sit inside the checkout. */
export function userCacheDir(name: string): string;
/** Writes a file whole or not at all, making its folder if missing; on failure removes the partial file and throws. */
export function writeAtomic(file: string, data: string | Buffer): void;
