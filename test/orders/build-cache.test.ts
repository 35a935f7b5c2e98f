import { spawnSync } from "node:child_process";
import fs, { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedBuild, CachedBuildRequest, KEPT_BUILDS } from "../../modules/orders/build-cache";

// modules/orders/build-cache.ts: when a kept build may be reused without reading its inputs again.
let work: string;
let entry: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "build-cache-"));
  entry = join(work, "entry.ts");
  writeFileSync(entry, 'export const word = "first";\n');
});
let cleanups: (() => void)[] = [];
const afterThis = (cleanup: () => void) => cleanups.push(cleanup);
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(work, { recursive: true, force: true });
  cleanups.forEach((cleanup) => cleanup());
  cleanups = [];
});

const request = (overrides: Partial<CachedBuildRequest> = {}): CachedBuildRequest => ({
  cacheRoot: join(work, "cache"),
  setup: { entry },
  complete: (dir) => fs.existsSync(join(dir, "out.js")),
  build: (dir, esbuild) =>
    esbuild.buildSync({ entryPoints: [entry], outfile: join(dir, "out.js"), bundle: true, metafile: true, logLevel: "silent" }).metafile,
  ...overrides,
});
/** The change time of a file written now. */
function fileSystemNow(): bigint {
  writeFileSync(join(work, "probe"), "");
  return fs.statSync(join(work, "probe"), { bigint: true }).ctimeNs;
}

/** Waits until the file system's clock has moved past a file's change time (file times move in kernel ticks). */
async function afterTickOf(file: string): Promise<void> {
  while (fileSystemNow() <= fs.statSync(file, { bigint: true }).ctimeNs) await new Promise((resolve) => setTimeout(resolve, 1));
}
const readsOf = (spy: jest.SpyInstance, file: string) => spy.mock.calls.filter(([path]) => path === file).length;

test("an input settled since its stamp was taken is not read again; one changed within settleMs is", async () => {
  await afterTickOf(entry); // written before the build began, not in its first tick
  const first = cachedBuild(request({ settleMs: 0 }));
  const reads = jest.spyOn(fs, "readFileSync");
  expect(cachedBuild(request({ settleMs: 0 }))).toEqual({ dir: first.dir, built: false });
  expect(readsOf(reads, entry)).toBe(0);

  const fresh = join(work, "cache-fresh");
  cachedBuild(request({ cacheRoot: fresh })); // default settleMs: the entry was written just now
  reads.mockClear();
  expect(cachedBuild(request({ cacheRoot: fresh })).built).toBe(false);
  expect(readsOf(reads, entry)).toBe(1); // hashed, as its stamp was too recent to trust
});

test("a build whose input changed while esbuild ran is never reused: the next run builds the new content", () => {
  const changing = request({
    settleMs: 0,
    build: (dir, esbuild) => {
      const started = fileSystemNow(); // after the cache noted when the build began
      const metafile = request().build(dir, esbuild);
      while (fileSystemNow() <= started); // the next tick of file times: surely after the build began
      writeFileSync(entry, 'export const word = "second";\n'); // after esbuild read it
      return metafile;
    },
  });
  const stale = cachedBuild(changing);
  expect(readFileSync(join(stale.dir, "out.js"), "utf8")).toContain("first");
  const next = cachedBuild(request({ settleMs: 0 }));
  expect(next.built).toBe(true);
  expect(readFileSync(join(next.dir, "out.js"), "utf8")).toContain("second");
});

test("an unreadable record of the last build means a build, not a failure", () => {
  const first = cachedBuild(request());
  for (const name of fs.readdirSync(join(work, "cache")).filter((n) => n.startsWith("inputs-")))
    writeFileSync(join(work, "cache", name), "{not json");
  expect(cachedBuild(request())).toEqual({ dir: first.dir, built: true });
});

test(`keeps the ${KEPT_BUILDS} most recent builds of a setup and removes older ones, so the cache does not grow without end`, () => {
  const other = cachedBuild(request({ setup: { entry, other: true } })); // another setup's build is never touched
  const dirs: string[] = [];
  for (const word of ["a", "b", "c", "d", "e"]) {
    writeFileSync(entry, `export const word = "${word}";\n`);
    dirs.push(cachedBuild(request()).dir);
  }
  expect(dirs.map((dir) => fs.existsSync(dir))).toEqual([false, false, true, true, true]);
  expect(fs.existsSync(other.dir)).toBe(true);
  writeFileSync(entry, 'export const word = "c";\n'); // back to a kept build: reused, and now the newest
  expect(cachedBuild(request())).toEqual({ dir: dirs[2], built: false });
  writeFileSync(entry, 'export const word = "f";\n');
  cachedBuild(request());
  expect([dirs[2], dirs[3], dirs[4]].map((dir) => fs.existsSync(dir))).toEqual([true, false, true]);
});

// A cache folder that cannot be written (ORDERS_BUNDLE_CACHE or CLAIM_CHECK_CACHE naming one): synth must still work.
test("a cache folder that cannot be made still builds, in a folder of the run's own, and keeps nothing", () => {
  writeFileSync(join(work, "a-file"), "");
  const unwritable = request({ cacheRoot: join(work, "a-file", "cache") }); // below a file: mkdir fails
  const [first, second] = [cachedBuild(unwritable), cachedBuild(unwritable)];
  // Removed as the process exits; jest's workers are stopped, not exited, so the test removes them.
  afterThis(() => [first, second].forEach(({ dir }) => rmSync(dir, { recursive: true, force: true })));
  expect(first.built).toBe(true);
  expect(readFileSync(join(first.dir, "out.js"), "utf8")).toContain("first");
  expect(first.dir.startsWith(join(work, "a-file"))).toBe(false);
  expect(second.built).toBe(true); // nothing was kept
  expect(second.dir).not.toBe(first.dir);
});

test("a kept build is used even when its record cannot be rewritten", () => {
  const first = cachedBuild(request({ settleMs: 0 }));
  fs.utimesSync(entry, new Date(), new Date()); // a new stamp, the same content: the record would be rewritten
  const pointer = fs.readdirSync(join(work, "cache")).find((name) => name.startsWith("inputs-"))!;
  fs.mkdirSync(join(work, "cache", `${pointer}.${process.pid}`, "taken"), { recursive: true }); // its partial file cannot be made
  expect(cachedBuild(request({ settleMs: 0 }))).toEqual({ dir: first.dir, built: false });
});

test("a build removes the staging folders of builds whose process is gone, and no other", () => {
  const cacheRoot = join(work, "cache");
  const gone = spawnSync(process.execPath, ["-e", ""]).pid!; // a process that has exited
  const [abandoned, running] = [join(cacheRoot, `building-${gone}-1`), join(cacheRoot, `building-${process.pid}-1`)];
  fs.mkdirSync(join(abandoned, "half"), { recursive: true });
  fs.mkdirSync(running, { recursive: true });
  cachedBuild(request());
  expect(fs.existsSync(abandoned)).toBe(false);
  expect(fs.existsSync(running)).toBe(true);
});
