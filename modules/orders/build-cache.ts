import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { writeAtomic } from "../../scripts/cache-dir.cjs";

import type { Metafile } from "esbuild";

type Esbuild = typeof import("esbuild");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded to build only, typed by its module
const loadEsbuild = () => require("esbuild") as Esbuild;

export interface CachedBuildRequest {
  /** The folder that keeps each build (named by its key) and, per setup, the inputs of its last build. */
  readonly cacheRoot: string;
  /** Everything besides the inputs' contents that decides the output (settings, entry points), as JSON; esbuild's version is added. */
  readonly setup: unknown;
  /** Whether a kept build folder has every file the caller needs. */
  readonly complete: (dir: string) => boolean;
  /** How long after its last change an input's stamp is trusted (earlier, a later write may share its clock tick). @default 2000 */
  readonly settleMs?: number;
  /** Builds into `dir` (made for it, empty) with esbuild's default working directory, and returns its metafile. */
  readonly build: (dir: string, esbuild: Esbuild) => Metafile;
}

export interface CachedBuild {
  /** The build's folder. */
  readonly dir: string;
  /** Whether it was built now (false: every input was unchanged since a kept build). */
  readonly built: boolean;
}

/** An input as `stat` saw it when its content was hashed: any write, rename or chmod changes ctime (as git's index relies on). */
type Stamp = readonly [path: string, size: number, mtimeNs: string, ctimeNs: string, inode: string];

interface LastBuild {
  readonly key: string;
  readonly stamps: readonly Stamp[];
  /** This setup's kept builds, newest first (the key included): older ones are removed. */
  readonly recent?: readonly string[];
}

/** How many builds of one setup are kept (about 15 MB each for the orders Lambdas): the cache does not grow without end. */
export const KEPT_BUILDS = 3;

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** The hash of every input's path and content, or undefined when one cannot be read (deleted or moved). */
function contentHash(setupKey: string, inputs: readonly string[]): string | undefined {
  const hash = createHash("sha256").update(setupKey);
  for (const input of [...inputs].sort()) {
    try {
      hash.update(`\0${input}\0${sha256(readFileSync(input))}`);
    } catch {
      return undefined;
    }
  }
  return hash.digest("hex");
}

/** An input's stamp now; one that never matches when it cannot be read. */
function stamp(path: string): Stamp {
  const stats = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stats ? [path, Number(stats.size), String(stats.mtimeNs), String(stats.ctimeNs), String(stats.ino)] : unknownStamp(path);
}

const unknownStamp = (path: string): Stamp => [path, -1, "", "", ""];
const sameStamp = (a: Stamp, b: Stamp) => a[1] !== -1 && a.join("\0") === b.join("\0");
/** Whether the file was written or changed at or after `time` (an unknown stamp counts as changed). */
const changedSince = (s: Stamp, time: bigint) => s[1] === -1 || BigInt(s[2]) >= time || BigInt(s[3]) >= time;

let esbuildVersion: string | undefined;

/**
 * An esbuild build kept under a hash of all its inputs' contents (the entry points, the code they import,
 * node_modules files), esbuild's version and the setup, so a run whose inputs are unchanged reuses it and any
 * changed input builds again. The inputs of a setup's last build are kept with their `stat` stamps: while
 * every stamp is unchanged their contents are not read again (hashing about 700 files was 5 % of a synth),
 * and a changed stamp hashes the contents, which may still match a kept build. esbuild itself is loaded
 * only to build. Builds are staged beside the cache and renamed into place, so parallel runs never see half one.
 */
export function cachedBuild(request: CachedBuildRequest): CachedBuild {
  const { cacheRoot } = request;
  esbuildVersion ??= (JSON.parse(readFileSync(require.resolve("esbuild/package.json"), "utf8")) as { version: string }).version;
  const setupKey = JSON.stringify({ esbuildVersion, setup: request.setup });
  const pointer = join(cacheRoot, `inputs-${sha256(setupKey).slice(0, 16)}.json`);

  const last = readLastBuild(pointer);
  if (last?.key && Array.isArray(last.stamps)) {
    const stamps = last.stamps.map(([path]) => stamp(path)); // before hashing: a later write changes ctime again
    const unchanged = stamps.every((s, i) => sameStamp(s, last.stamps![i]));
    const key = unchanged
      ? last.key
      : contentHash(
          setupKey,
          stamps.map(([path]) => path),
        );
    if (key && request.complete(join(cacheRoot, key))) {
      if (!unchanged) record(pointer, { key, recent: last.recent }, stamps, request.settleMs ?? SETTLE_MS);
      return { dir: join(cacheRoot, key), built: false };
    }
  }

  let buildStart: bigint;
  let staging: string;
  try {
    mkdirSync(cacheRoot, { recursive: true });
    removeAbandonedBuilds(cacheRoot);
    buildStart = fileSystemNow(cacheRoot);
    staging = join(cacheRoot, `building-${process.pid}-${Date.now()}`);
    mkdirSync(staging);
  } catch {
    // The cache folder cannot be written (ORDERS_BUNDLE_CACHE or CLAIM_CHECK_CACHE naming such a folder, or
    // one that fails mid-run; scripts/cache-dir.cjs already sends a user who may not write node_modules to
    // their own): build in a private folder of this run's, removed as the process exits, and keep nothing.
    const dir = mkdtempSync(join(tmpdir(), "claim-check-uncached-build-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    request.build(dir, loadEsbuild());
    return { dir, built: true };
  }
  let inputs: string[];
  try {
    const { inputs: read } = request.build(staging, loadEsbuild());
    inputs = Object.keys(read).map((input) => (isAbsolute(input) ? input : resolve(input))); // relative to the working directory
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const stamps = inputs.map(stamp);
  // An input written while esbuild ran may differ from what it read: such a build is kept under a key no
  // later run computes, so it is never reused (and that input's stamp is recorded as unknown). A change in
  // the tick the build began is taken as made before it.
  const changedWhileBuilding = stamps.some((s) => changedSince(s, buildStart + 1n));
  const key = (changedWhileBuilding ? undefined : contentHash(setupKey, inputs)) ?? sha256(`${setupKey}${Date.now()}`);
  const final = join(cacheRoot, key);
  try {
    renameSync(staging, final);
  } catch (error) {
    if (!existsSync(final)) throw error;
    rmSync(staging, { recursive: true, force: true }); // a parallel run kept the same build first
  }
  record(pointer, { key, recent: last?.recent }, stamps, request.settleMs ?? SETTLE_MS, buildStart);
  return { dir: final, built: true };
}

/** Removes the staging folders of builds whose process is gone (a synth killed while esbuild ran). */
function removeAbandonedBuilds(cacheRoot: string): void {
  for (const name of readdirSync(cacheRoot)) {
    const pid = /^building-(\d+)-\d+$/.exec(name)?.[1];
    if (pid !== undefined && !processExists(Number(pid))) rmSync(join(cacheRoot, name), { recursive: true, force: true });
  }
}

/** Whether a process of this machine has this id (one of another user's counts: EPERM). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const SETTLE_MS = 2000;
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

/**
 * The file system's clock now, as the change time of a file written now: file times come from the kernel's
 * clock, which may lag the wall clock by a tick. A file changed later has a later change time; one changed
 * in the same tick is taken as changed before.
 */
function fileSystemNow(dir: string): bigint {
  const marker = join(dir, `clock-${process.pid}`);
  writeFileSync(marker, "");
  const { ctimeNs } = statSync(marker, { bigint: true });
  rmSync(marker, { force: true });
  return ctimeNs;
}

/**
 * Records a setup's last build: its key and its inputs' stamps, and removes its builds older than the
 * KEPT_BUILDS most recent. An input that could not be stamped, changed
 * within `settleMs` of now (as git re-hashes "racily clean" files) or changed after `since` is recorded with a
 * stamp that never matches, so the next run hashes its content again.
 */
function record(
  pointer: string,
  { key, recent }: { key: string; recent?: readonly string[] },
  stamps: readonly Stamp[],
  settleMs: number,
  since = nowNs(),
): void {
  const settledBefore = nowNs() - BigInt(settleMs) * 1_000_000n;
  const settled = settledBefore < since ? settledBefore : since;
  const kept = stamps.map((s) => (changedSince(s, settled) ? unknownStamp(s[0]) : s));
  const builds = [key, ...(Array.isArray(recent) ? recent : []).filter((k) => k !== key)];
  try {
    writeAtomic(pointer, JSON.stringify({ key, stamps: kept, recent: builds.slice(0, KEPT_BUILDS) } satisfies LastBuild));
  } catch {
    return; // a record that cannot be written only costs the next run its hashing
  }
  for (const old of builds.slice(KEPT_BUILDS))
    if (/^[0-9a-f]{64}$/.test(old)) rmSync(join(dirname(pointer), old), { recursive: true, force: true });
}

/** The pointer of a setup's last build, or undefined when there is none or it cannot be read (then the build runs). */
function readLastBuild(pointer: string): Partial<LastBuild> | undefined {
  try {
    return JSON.parse(readFileSync(pointer, "utf8")) as Partial<LastBuild>;
  } catch {
    return undefined;
  }
}
