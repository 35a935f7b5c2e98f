/** The folder of the project's caches: CLAIM_CHECK_CACHE, else node_modules/.cache/claim-check of this checkout (see the .cjs). */
export const CACHE_ROOT: string;
/** `<CACHE_ROOT>/<name>`, created if missing. */
export function cacheDir(name: string): string;
/** `<the user's cache folder>/claim-check/<name>`, created if missing, for what must not sit inside the checkout. */
export function userCacheDir(name: string): string;
