import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LAUNCHER = join(__dirname, "..", "..", "scripts/ts-run.cjs");

// cdktf.json runs main.ts through this launcher: TypeScript without a type-check, file by file.
describe("the TypeScript launcher (scripts/ts-run.cjs)", () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "claim-check-ts-run-")));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("runs a TypeScript app whose files keep their own __dirname, twice (the second time from its cache)", () => {
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "lib/where.ts"), `export const where = (): string => __dirname;\nexport enum Kind { A = "a" }\n`);
    writeFileSync(
      join(dir, "app.ts"),
      `import { Kind, where } from "./lib/where";\nconst n: number = 2;\nconsole.log(JSON.stringify([__dirname, where(), Kind.A, n]));\n`,
    );
    for (let run = 0; run < 2; run += 1) {
      const result = spawnSync(process.execPath, [LAUNCHER, "app.ts"], { cwd: dir, encoding: "utf8" });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
      expect(JSON.parse(result.stdout)).toEqual([dir, join(dir, "lib"), "a", 2]);
    }
  });

  // Like aws-cdk (CDK_DEBUG), the creation stack cdktf records for every token is kept only on request: formatting
  // them all took a sixth of a synth, and they are printed only when a token fails to resolve.
  test("records no token creation stacks unless CDK_DEBUG is set; error stacks keep their frames", () => {
    writeFileSync(
      join(dir, "traces.ts"),
      [
        `const { Lazy, Tokenization } = require(${JSON.stringify(require.resolve("cdktf"))});`,
        `const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "x" })).firstToken;`,
        `const error: Error = new Error("kept");`,
        `console.log(JSON.stringify({ creation: token.creationStack.length, error: error.stack!.split("\\n").slice(0, 2) }));`,
      ].join("\n"),
    );
    const run = (env: NodeJS.ProcessEnv) => {
      const result = spawnSync(process.execPath, [LAUNCHER, "traces.ts"], { cwd: dir, env: { ...process.env, ...env }, encoding: "utf8" });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
      return JSON.parse(result.stdout) as { creation: number; error: string[] };
    };
    const quiet = run({ CDK_DEBUG: "" });
    expect(quiet.creation).toBe(0);
    expect(quiet.error[0]).toBe("Error: kept");
    expect(quiet.error[1]).toMatch(/^ {4}at .*traces\.ts:\d+:\d+/);
    expect(run({ CDK_DEBUG: "true" }).creation).toBeGreaterThan(0);
  });

  test("runs a script as node would: its own path in argv[1], its arguments after it, itself as require.main", () => {
    writeFileSync(join(dir, "script.ts"), `console.log(JSON.stringify([process.argv.slice(1), require.main === module]));\n`);
    const result = spawnSync(process.execPath, [LAUNCHER, "script.ts", "--flag", "value"], { cwd: dir, encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual([[join(dir, "script.ts"), "--flag", "value"], true]);
  });

  test("preloaded with -r, registers .ts files without running anything", () => {
    writeFileSync(join(dir, "preloaded.ts"), `export const typed: string = __filename;\n`);
    const script = `console.log(require("./preloaded").typed, require.main === undefined)`;
    const result = spawnSync(process.execPath, ["-r", LAUNCHER, "-e", script], { cwd: dir, encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(result.stdout.trim()).toBe(`${join(dir, "preloaded.ts")} true`);
  });

  test("names a file that does not exist, with exit code 2", () => {
    const result = spawnSync(process.execPath, [LAUNCHER, "missing.ts"], { cwd: dir, encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({
      status: 2,
      stderr: `ts-run: no such file: ${join(dir, "missing.ts")}`,
    });
  });

  test("fails with the app's error and a non-zero exit code", () => {
    writeFileSync(join(dir, "broken.ts"), `throw new Error("bad settings");\n`);
    const result = spawnSync(process.execPath, [LAUNCHER, "broken.ts"], { cwd: dir, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Error: bad settings");
  });
});
