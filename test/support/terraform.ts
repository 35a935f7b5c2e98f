import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, relative } from "node:path";

import { KEPT_BUILDS } from "../../modules/orders/build-cache";
import { cacheDir } from "../../scripts/cache-dir.cjs";
import { describeIf } from "./describe-if";

export const ROOT = join(__dirname, "..", "..");

/**
 * Whether an executable `terraform` is on PATH, found the way a shell finds it: no `terraform version`
 * run in every test file (a CLI that is there but broken makes the tests fail, never skip).
 * PATH is read when this file loads: jest gives each test file its own copy of process.env.
 */
export const terraformAvailable = onPath("terraform", process.env.PATH ?? "");

function onPath(command: string, path: string): boolean {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        const file = join(dir, command);
        accessSync(file, constants.X_OK);
        return statSync(file).isFile();
      } catch {
        return false;
      }
    });
}

/** A describe block for tests that need the terraform CLI: see {@link describeIf}. */
export function describeWithTerraform(name: string, body: () => void): string | undefined {
  return describeIf(name, terraformAvailable ? undefined : "the terraform CLI is not on PATH (install terraform to run these tests)", body);
}

const ENV = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_ARGS: "" };

/** Everything the generated module depends on: a change to any of these files makes a new build. */
const GENERATOR_INPUTS = ["tools/registry-module", "modules/claim-check/spec", "scripts/build-module.ts", "LICENSE", "CHANGELOG.md"];

let inputsHashOfRun: string | undefined;

/** Read once per test file: the inputs do not change while tests run. */
function inputsHash(): string {
  inputsHashOfRun ??= hashInputs();
  return inputsHashOfRun;
}

function hashInputs(): string {
  const hash = createHash("sha256");
  for (const input of GENERATOR_INPUTS) {
    const path = join(ROOT, input);
    const files = statSync(path).isDirectory()
      ? listFiles(path)
          .sort()
          .map((f) => join(path, f))
      : [path];
    for (const file of files) hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The Registry module as `npm run build:module` writes it, built once per change of its inputs and shared
 * by every test file and worker (a folder of the project's cache keyed by the inputs' hash, renamed into
 * place when complete).
 * Treat it as read-only; use {@link copyOfModule} to run commands that write into it.
 */
export function buildModule(): string {
  const builds = cacheDir("registry-module");
  const dir = join(builds, inputsHash());
  if (existsSync(join(dir, "main.tf"))) return dir;
  mkdirSync(builds, { recursive: true });
  const staging = mkdtempSync(join(builds, "building-"));
  // Loaded here, not at the top: test files that only need the helpers above stay light.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeModule } = require("../../tools/registry-module/write") as typeof import("../../tools/registry-module/write");
  writeModule(staging);
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another worker finished first: its build is identical
  }
  // Builds of older inputs are not needed again: keep as many as the Lambda bundle cache does, with this one.
  const older = readdirSync(builds)
    .filter((name) => /^[0-9a-f]{16}$/.test(name) && name !== basename(dir))
    .sort((a, b) => statSync(join(builds, b)).mtimeMs - statSync(join(builds, a)).mtimeMs);
  for (const name of older.slice(KEPT_BUILDS - 1)) rmSync(join(builds, name), { recursive: true, force: true });
  return dir;
}

/** A private copy of the built module, for commands that write (terraform get, init). */
export function copyOfModule(): string {
  const dir = mkdtempSync(join(tmpdir(), "terraform-aws-claim-check-"));
  cpSync(buildModule(), dir, { recursive: true });
  return dir;
}

/** Every file below a folder, as paths relative to it. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path).map((p) => join(name, p)) : [name];
  });
}

export interface TerraformResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform in a folder, with `input` (if given) on its stdin. */
export function terraform(cwd: string, args: string[], input?: string): TerraformResult {
  const result = spawnSync("terraform", args, { cwd, env: ENV, encoding: "utf8", input });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A provider-free configuration: `init`, `plan` and `apply` work offline, so variables and expressions can be evaluated. */
export function harness(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "claim-check-harness-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const init = terraform(dir, ["init", "-input=false", "-no-color"]);
  if (init.status !== 0) throw new Error(`terraform init failed in ${relative(ROOT, dir)}: ${init.stderr}`);
  return dir;
}

/** The validation messages Terraform printed, one per failed rule, whitespace folded. */
export function validationMessages(stderr: string): string[] {
  return stderr
    .split(/^Error: /m)
    .slice(1)
    .filter((block) => block.startsWith("Invalid value for variable"))
    .map((block) => {
      const lines = block.split("\n");
      const end = lines.findIndex((l) => l.startsWith("This was checked by"));
      const lastContext =
        lines
          .map((l, i) => (/^\s*[│├]/.test(l) ? i : -1))
          .filter((i) => i >= 0 && i < end)
          .pop() ?? 0;
      return lines
        .slice(lastContext + 1, end)
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
    });
}
