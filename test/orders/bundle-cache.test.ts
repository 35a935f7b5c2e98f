import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleHandlers } from "../../modules/orders/bundles";

// The synth-time bundles: one esbuild build for every handler, reused across synths while no input changes.
let work: string;
let functionsDir: string;
let cacheRoot: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "orders-bundle-cache-"));
  functionsDir = join(work, "functions");
  cacheRoot = join(work, "cache");
  mkdirSync(join(functionsDir, "shared"), { recursive: true });
  writeFileSync(join(functionsDir, "shared", "greeting.ts"), "export const greeting = (name: string): string => `hello ${name}`;\n");
  writeFileSync(
    join(functionsDir, "a.ts"),
    'import { greeting } from "./shared/greeting";\nexport const handler = async () => greeting("a");\n',
  );
  writeFileSync(
    join(functionsDir, "b.ts"),
    'import { greeting } from "./shared/greeting";\nexport const handler = async () => greeting("b");\n',
  );
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const load = (dir: string) => {
  const file = join(dir, "index.js");
  delete require.cache[file];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading a bundle as Lambda does
  return require(file) as { handler: () => Promise<string> };
};

test("builds every handler at once into <module>/index.js, each self-contained", async () => {
  const result = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  expect(result.built).toBe(true);
  expect(Object.keys(result.dirs).sort()).toEqual(["a", "b"]);
  expect(await load(result.dirs.a).handler()).toBe("hello a");
  expect(await load(result.dirs.b).handler()).toBe("hello b");
});

test("a second synth with unchanged inputs reuses the bundles (same directories, no build)", () => {
  const first = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  const second = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  expect(second).toEqual({ built: false, dirs: first.dirs, zips: first.zips });
});

test("a change to any input, even a shared import, builds again with the new code", async () => {
  const first = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  writeFileSync(join(functionsDir, "shared", "greeting.ts"), "export const greeting = (name: string): string => `hi ${name}`;\n");
  const second = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  expect(second.built).toBe(true);
  expect(second.dirs.a).not.toBe(first.dirs.a);
  expect(await load(second.dirs.b).handler()).toBe("hi b");
  expect(readFileSync(join(first.dirs.a, "index.js"), "utf8")).toContain("hello");
});

test("a build error names the module and esbuild's message", () => {
  writeFileSync(join(functionsDir, "b.ts"), 'import { nothing } from "./missing";\nexport const handler = nothing;\n');
  expect(() => bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot })).toThrow(/Could not resolve "\.\/missing"/);
});

test("each bundle also comes as a deterministic zip of index.js that unzip reads (what the Lambda asset uploads)", () => {
  const first = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  const zip = first.zips.a;
  expect(zip).toMatch(/archive\.zip$/);
  const listing = execFileSync("unzip", ["-Z", "-1", zip], { encoding: "utf8" });
  expect(listing.trim()).toBe("index.js");
  expect(execFileSync("unzip", ["-p", zip, "index.js"])).toEqual(readFileSync(join(first.dirs.a, "index.js")));
  expect(execFileSync("unzip", ["-t", zip], { encoding: "utf8" })).toMatch(/No errors detected/);
  const bytes = readFileSync(zip);
  rmSync(cacheRoot, { recursive: true, force: true });
  const rebuilt = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  expect(rebuilt.built).toBe(true);
  expect(readFileSync(rebuilt.zips.a)).toEqual(bytes);
});

test("an input rewritten with the same size and its old modification time still builds again (its ctime changed)", async () => {
  const file = join(functionsDir, "shared", "greeting.ts");
  const [size, sameTime] = [statSync(file).size, new Date("2020-01-01T00:00:00Z")];
  utimesSync(file, sameTime, sameTime); // a whole second: restored exactly below
  bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  writeFileSync(file, readFileSync(file, "utf8").replace("hello", "howdy"));
  utimesSync(file, sameTime, sameTime);
  expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([size, sameTime.getTime()]);
  const again = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  expect(again.built).toBe(true);
  expect(await load(again.dirs.a).handler()).toBe("howdy a");
});

test("an input only touched (same content) reuses the kept bundles: its content hashes the same", () => {
  const first = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  const file = join(functionsDir, "shared", "greeting.ts");
  writeFileSync(file, readFileSync(file));
  const second = bundleHandlers({ functionsDir, modules: ["a", "b"], cacheRoot });
  expect(second).toEqual({ built: false, dirs: first.dirs, zips: first.zips });
});
