import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Runs the real jest CLI with only the summary reporter on plain JavaScript test files, and returns the closing line. */
function closingLine(files: Record<string, string>): { status: number | null; line: string } {
  const dir = mkdtempSync(join(tmpdir(), "claim-check-reporter-"));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    // Its cache in this run's own folder, not jest's default in the shared temp folder (scripts/cache-dir.cjs).
    const config = {
      rootDir: dir,
      cacheDirectory: join(dir, ".jest-cache"),
      testMatch: ["**/*.test.js"],
      transform: {},
      reporters: [join(ROOT, "test/summary-reporter.js")],
    };
    const result = spawnSync(process.execPath, [join(ROOT, "node_modules/jest/bin/jest.js"), "--config", JSON.stringify(config), "--ci"], {
      cwd: dir,
      encoding: "utf8",
    });
    const lines = result.stderr.trim().split("\n");
    return { status: result.status, line: lines[lines.length - 1] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One jest run covers every count: a passed, a failed and a skipped test, and a file that throws at load.
test("the closing summary line counts passed, failed and skipped tests, and a test file that fails to run as a failure", () => {
  const run = closingLine({
    "a.test.js": `test("ok", () => {}); test("bad", () => { throw new Error("no"); }); test.skip("later", () => {});`,
    "broken.test.js": `throw new Error("cannot even load");`,
  });
  expect(run).toEqual({ status: 1, line: "1 passed, 2 failed, 1 skipped (1 test file failed to run)" });
}, 30_000);
