import { spawnSync } from "node:child_process";
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CACHE_ROOT, cacheDir } from "../../scripts/cache-dir.cjs";
import { listFiles } from "../support/terraform";

const ROOT = join(__dirname, "..", "..");

/** Every source file below a folder of the repository, as paths relative to the root. */
const sources = (folder: string): string[] =>
  listFiles(join(ROOT, folder))
    .filter((path) => /\.(ts|js|cjs|mjs)$/.test(path))
    .map((path) => join(folder, path));

/** A line of code that names the OS temp folder: tmpdir(), the TMPDIR, TMP or TEMP variable, or a /tmp or /var/tmp path. */
const NAMES_TEMP = /\btmpdir\(\)|\b(TMPDIR|TMP|TEMP)\b|["'`]\/(var\/)?tmp\b/;
/** ...as the folder of a fresh mkdtemp folder, which only this process uses. */
const FRESH_TEMP = /mkdtemp(Sync)?(\.call\(\s*\w+,)?\(?\s*(path\.)?join\(\s*(os\.)?tmpdir\(\)/;
const keepsInTemp = (line: string) => NAMES_TEMP.test(line) && !FRESH_TEMP.test(line);

// scripts/cache-dir.cjs: a cache in the shared OS temp folder could be made first, or swapped mid-run, by
// another user, who would then plant code that we load or zip into a Lambda.
describe("the project's caches", () => {
  test("live in node_modules/.cache/claim-check of the checkout, jest's included", () => {
    const checkoutCache = join(ROOT, "node_modules", ".cache", "claim-check");
    let mayWrite = true;
    try {
      accessSync(checkoutCache, constants.W_OK);
    } catch {
      mayWrite = false; // another user's install: see the next test
    }
    if (!process.env.CLAIM_CHECK_CACHE)
      expect(CACHE_ROOT).toEqual(mayWrite ? checkoutCache : expect.stringMatching(/\/claim-check\/checkout-[0-9a-f]{12}$/));
    expect(cacheDir("example")).toBe(join(CACHE_ROOT, "example"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the config as jest reads it
    expect(require("../../jest.config.js").cacheDirectory).toBe(join(CACHE_ROOT, "jest"));
  });

  test("for a user who may not write the checkout's node_modules, live in that user's own cache folder", () => {
    const checkout = mkdtempSync(join(tmpdir(), "claim-check-checkout-"));
    try {
      mkdirSync(join(checkout, "scripts"));
      cpSync(join(ROOT, "scripts", "cache-dir.cjs"), join(checkout, "scripts", "cache-dir.cjs"));
      writeFileSync(join(checkout, "node_modules"), ""); // a file: nothing can be made below it
      const own = join(checkout, "own-cache");
      const script = `console.log(require(${JSON.stringify(join(checkout, "scripts", "cache-dir.cjs"))}).CACHE_ROOT)`;
      const env = { ...process.env, XDG_CACHE_HOME: own, CLAIM_CHECK_CACHE: "" };
      const root = spawnSync(process.execPath, ["-e", script], { env, encoding: "utf8" }).stdout.trim();
      expect(root).toMatch(new RegExp(`^${own}/claim-check/checkout-[0-9a-f]{12}$`));
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });

  test("the scan tells a fresh mkdtemp folder from anything else kept in the OS temp folder", () => {
    const VAR_TMP = ["", "var", "tmp"].join("/"); // the other temp folder of Unix systems
    const kept = [
      `const dir = join(tmpdir(), "claim-check-cache");`,
      `const dir = process.env.TMPDIR ?? "/tmp";`,
      `writeFileSync("${VAR_TMP}/claim-check.json", data);`,
      "const root = `/tmp/${name}`;",
      `const base = process.env.TEMP;`,
    ];
    const fresh = [`const work = mkdtempSync(join(tmpdir(), "claim-check-"));`, `mkdtempSync.call(fs, path.join(os.tmpdir(), "x-"))`];
    expect(kept.filter(keepsInTemp)).toEqual(kept);
    expect(fresh.filter(keepsInTemp)).toEqual([]);
    expect(keepsInTemp(`const template = "not a temp folder";`)).toBe(false);
  });

  test("and no code of the project (tests aside) keeps anything in the OS temp folder but fresh mkdtemp folders", () => {
    const files = [
      ...["scripts", "modules", "tools", "apps", "client", "environments", "bin", "test/support"].flatMap(sources),
      ...readdirSync(join(ROOT, "test"))
        .filter((name) => name.endsWith(".js"))
        .map((name) => `test/${name}`),
      "jest.config.js",
      "main.ts",
    ];
    const uses = files.flatMap((file) =>
      readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .map((line, index) => ({ where: `${file}:${index + 1}`, line }))
        .filter(({ line }) => NAMES_TEMP.test(line)),
    );
    expect(uses.length).toBeGreaterThan(5); // the scan sees the project's code
    const others = uses.filter(({ line }) => keepsInTemp(line));
    // test/cdktf-outdirs.js only recognises cdktf's own mkdtemp folders there.
    expect(others.map(({ where }) => where)).toEqual([expect.stringMatching(/^test\/cdktf-outdirs\.js:\d+$/)]);
  });
});
