import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

export const ROOT = join(__dirname, "..", "..");

export const terraformAvailable = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
/** Tests that need the terraform CLI are reported as skipped, never as passed, where it is missing. */
export const describeWithTerraform = terraformAvailable ? describe : describe.skip;

const ENV = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_ARGS: "" };

/** Builds the Registry module exactly as `npm run build:module` does, into a fresh temp folder. */
export function buildModule(): string {
  const outdir = mkdtempSync(join(tmpdir(), "terraform-aws-claim-check-"));
  execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", join(ROOT, "scripts/build-module.ts"), outdir], {
    cwd: ROOT,
    stdio: "pipe",
  });
  return outdir;
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

export function terraform(cwd: string, args: string[]): TerraformResult {
  const result = spawnSync("terraform", args, { cwd, env: ENV, encoding: "utf8" });
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

/** Plans with the given variable values; validation failures come back in stderr. */
export function planWith(dir: string, variables: Record<string, unknown>): TerraformResult {
  writeFileSync(join(dir, "inputs.tfvars.json"), JSON.stringify(variables));
  return terraform(dir, ["plan", "-input=false", "-no-color", "-var-file=inputs.tfvars.json"]);
}

/** Applies (no resources, so nothing is created) and returns every output's value. */
export function outputsWith(dir: string, variables: Record<string, unknown>): Record<string, unknown> {
  writeFileSync(join(dir, "inputs.tfvars.json"), JSON.stringify(variables));
  const apply = terraform(dir, ["apply", "-input=false", "-no-color", "-auto-approve", "-var-file=inputs.tfvars.json"]);
  if (apply.status !== 0) throw new Error(`terraform apply failed: ${apply.stderr}`);
  const out = terraform(dir, ["output", "-json"]);
  const outputs: Record<string, { value: unknown }> = JSON.parse(out.stdout);
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
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
      const lastContext = lines.map((l, i) => (/^\s*[│├]/.test(l) ? i : -1)).filter((i) => i >= 0 && i < end).pop() ?? 0;
      return lines.slice(lastContext + 1, end).join(" ").replace(/\s+/g, " ").trim();
    });
}
