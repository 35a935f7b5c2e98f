import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// scripts/tsc-build.cjs: `npm run typecheck` and the web page's check keep tsc's record of the last check in
// the project's cache folder, so a user who may not write beside the tsconfig (another user's install)
// can still check, and an unchanged project is still skipped.
const ROOT = join(__dirname, "..", "..");
let work: string;
let project: string;
let cache: string;

const tscBuild = (...options: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "scripts", "tsc-build.cjs"), join(project, "tsconfig.json"), "--pretty", "false", ...options], {
    encoding: "utf8",
    env: { ...process.env, CLAIM_CHECK_CACHE: cache },
  });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tsc-build-"));
  project = join(work, "project");
  cache = join(work, "cache");
  mkdirSync(project);
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      // The smallest library, unchecked: each run of tsc costs a fraction of a second, not seconds.
      compilerOptions: {
        strict: true,
        noEmit: true,
        incremental: true,
        lib: ["es5"],
        skipLibCheck: true,
        types: ["fake"],
        tsBuildInfoFile: "./beside.tsbuildinfo",
      },
      include: ["*.ts"],
    }),
  );
  // A type package found from the project's own folder, as the checkout's @types/node and @types/jest are: the
  // record's tsconfig sits elsewhere (for another user, in their home folder).
  mkdirSync(join(project, "node_modules", "@types", "fake"), { recursive: true });
  writeFileSync(join(project, "node_modules", "@types", "fake", "index.d.ts"), "declare const fromFakeTypes: number;\n");
  writeFileSync(join(project, "a.ts"), "export const answer: number = fromFakeTypes;\n");
  chmodSync(project, 0o555); // not writable, as another user's checkout: root ignores this, so the listing below checks too
});

afterAll(() => {
  chmodSync(project, 0o755);
  rmSync(work, { recursive: true, force: true });
});

test("checks a project, recording the check in the cache folder and writing nothing beside the tsconfig", () => {
  const first = tscBuild();
  expect(first.stdout + first.stderr).toBe("");
  expect(first.status).toBe(0);
  expect(readdirSync(project).sort()).toEqual(["a.ts", "node_modules", "tsconfig.json"]);
  expect(readdirSync(join(cache, "tsc")).map((name) => name.replace(/-[0-9a-f]{8}\./, "-<hash>."))).toEqual([
    "tsconfig-<hash>.json",
    "tsconfig-<hash>.tsbuildinfo",
  ]);
});

test("skips an unchanged project without rewriting its record", () => {
  const [wrapper] = readdirSync(join(cache, "tsc")).filter((name) => name.endsWith(".json"));
  const before = statSync(join(cache, "tsc", wrapper)).mtimeMs;
  const again = tscBuild("--verbose");
  expect(again.status).toBe(0);
  expect(again.stdout).toMatch(/is up to date/);
  expect(statSync(join(cache, "tsc", wrapper)).mtimeMs).toBe(before);
});

test("a record's tsconfig rewritten (by an older version, or a changed config) is checked once, then skipped again", () => {
  const [wrapper] = readdirSync(join(cache, "tsc")).filter((name) => name.endsWith(".json"));
  writeFileSync(join(cache, "tsc", wrapper), JSON.stringify({ extends: join(project, "tsconfig.json") }));
  expect(tscBuild().status).toBe(0);
  expect(tscBuild("--verbose").stdout).toMatch(/is up to date/);
});

test("reports a type error, with the source's path, on every run until it is fixed", () => {
  chmodSync(project, 0o755);
  writeFileSync(join(project, "b.ts"), 'export const wrong: number = "forty-two";\n');
  for (let run = 0; run < 2; run++) {
    const failed = tscBuild();
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain("b.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
  }
});
