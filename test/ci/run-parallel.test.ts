import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// scripts/run-parallel.mjs runs `npm test`'s checks side by side; a copy runs here against its own package.json.
describe("run-parallel (npm test, npm run lint)", () => {
  const dir = mkdtempSync(join(tmpdir(), "claim-check-run-parallel-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "scripts"));
  copyFileSync(join(__dirname, "..", "..", "scripts", "run-parallel.mjs"), join(dir, "scripts", "run-parallel.mjs"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ scripts: { good: "exit 0", bad: "exit 3", slow: "sleep 0.3 && echo slow done > slow.txt", killed: "kill -9 $$" } }),
  );
  const run = (...names: string[]) =>
    spawnSync(process.execPath, [join(dir, "scripts", "run-parallel.mjs"), ...names], { cwd: dir, encoding: "utf8" });

  test("succeeds when every script succeeds", () => {
    expect(run("good", "slow")).toMatchObject({ status: 0, stderr: "" });
  });

  test("runs every script to its end, fails, and names each failed script and why", () => {
    rmSync(join(dir, "slow.txt"), { force: true });
    const result = run("bad", "slow", "killed", "good");
    expect(result.status).toBe(1);
    expect(readFileSync(join(dir, "slow.txt"), "utf8").trim()).toBe("slow done");
    expect(result.stderr.trim().split("\n")).toEqual([
      "run-parallel: bad failed (exit code 3)",
      "run-parallel: killed failed (killed by SIGKILL)",
    ]);
  });

  test("refuses names that are not scripts, naming them", () => {
    const result = run("good", "nope");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("not scripts: nope");
  });
});
