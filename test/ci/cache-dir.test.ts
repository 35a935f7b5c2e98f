import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CACHE_ROOT, cacheDir } from "../../scripts/cache-dir.cjs";
import { listFiles } from "../support/terraform";

const ROOT = join(__dirname, "..", "..");

/** Every source file below a folder of the repository, as paths relative to the root. */
const sources = (folder: string): string[] =>
  listFiles(join(ROOT, folder))
    .filter((path) => /\.(ts|js|cjs|mjs)$/.test(path))
    .map((path) => join(folder, path));

// scripts/cache-dir.cjs: a cache in the shared OS temp folder could be made first, or swapped mid-run, by
// another user, who would then plant code that we load or zip into a Lambda.
describe("the project's caches", () => {
  test("live in node_modules/.cache/claim-check of the checkout, jest's included", () => {
    if (process.env.CLAIM_CHECK_CACHE === undefined) expect(CACHE_ROOT).toBe(join(ROOT, "node_modules", ".cache", "claim-check"));
    expect(cacheDir("example")).toBe(join(CACHE_ROOT, "example"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the config as jest reads it
    expect(require("../../jest.config.js").cacheDirectory).toBe(join(CACHE_ROOT, "jest"));
  });

  test("and no code of the project keeps anything in the OS temp folder but fresh mkdtemp folders", () => {
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
        .filter(({ line }) => /\btmpdir\(\)|\bTMPDIR\b|["'`]\/tmp\b/.test(line)),
    );
    expect(uses.length).toBeGreaterThan(5); // the scan sees the project's code
    const others = uses.filter(({ line }) => !/mkdtemp(Sync)?(\.call\(\s*\w+,)?\(?\s*(path\.)?join\(\s*(os\.)?tmpdir\(\)/.test(line));
    // test/cdktf-outdirs.js only recognises cdktf's own mkdtemp folders there.
    expect(others.map(({ where }) => where)).toEqual([expect.stringMatching(/^test\/cdktf-outdirs\.js:\d+$/)]);
  });
});
