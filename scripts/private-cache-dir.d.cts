/** `<parent>/<name>-<uid>` (parent: the OS temp folder), created if missing, after checking that only this user can write to it (see the .cjs). */
export function privateCacheDir(name: string, parent?: string): string;
