import { harness, terraform, TerraformResult } from "./terraform";

/** One call in a {@link moduleHarness}: the called module's files and the inputs it gets. */
export interface ModuleCall {
  readonly files: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** A root module's folder, and the names of the module calls in it. */
export interface ModuleHarness {
  readonly dir: string;
  readonly calls: readonly string[];
}

const CALL_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * A provider-free root module that calls each module once, so that one terraform run covers every call
 * instead of one run per set of inputs. Each call has its own folder, named like the call, so every
 * diagnostic names its call: `in module "c3"` for an input, `c3/variables.tf` for the module's own
 * expressions. Terraform validates each call's inputs on their own, as it would for a root module.
 * Inputs go through a var-file (literal values, never read as templates) into one `any` variable per call.
 */
export function moduleHarness(calls: Readonly<Record<string, ModuleCall>>): ModuleHarness {
  const files: Record<string, string> = {};
  const root: string[] = [];
  for (const [name, call] of Object.entries(calls)) {
    if (!CALL_NAME.test(name)) throw new Error(`module call name ${JSON.stringify(name)} is not a lowercase identifier`);
    for (const [path, content] of Object.entries(call.files)) files[`${name}/${path}`] = content;
    const inputs = Object.keys(call.variables).map((variable) => `  ${variable} = var.${name}.${variable}\n`);
    root.push(`variable "${name}" {\n  type = any\n}\n`, `module "${name}" {\n  source = "./${name}"\n${inputs.join("")}}\n`);
  }
  files["main.tf"] = root.join("\n");
  files["inputs.tfvars.json"] = JSON.stringify(Object.fromEntries(Object.entries(calls).map(([name, call]) => [name, call.variables])));
  return { dir: harness(files), calls: Object.keys(calls) };
}

/** Plans every call at once; validation failures come back in stderr (see {@link errorsByCall}). */
export function planCalls({ dir }: ModuleHarness): TerraformResult {
  return terraform(dir, ["plan", "-input=false", "-no-color", "-var-file=inputs.tfvars.json"]);
}

export interface CallErrors {
  /** Per call, its `Error:` blocks in Terraform's words, as one stderr text: empty when it has none. */
  readonly byCall: Readonly<Record<string, string>>;
  /** `Error:` blocks that name no call, or more than one: every call's check must count them. */
  readonly unattributed: string;
}

/** Splits a plan's stderr by the module call each `Error:` block names. */
export function errorsByCall(stderr: string, { calls }: ModuleHarness): CallErrors {
  const byCall: Record<string, string> = Object.fromEntries(calls.map((name) => [name, ""]));
  let unattributed = "";
  for (const block of stderr.split(/^(?=Error: )/m).filter((b) => b.startsWith("Error: "))) {
    const named = new Set(
      [...block.matchAll(/\bin module "([^"]+)"|(?:^|[\s"'(])([a-z][a-z0-9_]*)\/[^\s:]*\.tf\b/gm)]
        .map((m) => m[1] ?? m[2])
        .filter((name) => name in byCall),
    );
    if (named.size === 1) byCall[[...named][0]] += block;
    else unattributed += block;
  }
  return { byCall, unattributed };
}

/**
 * Every call's outputs, as `terraform output` would give them after applying that module alone (outputs
 * whose value is null left out). With no resources there is nothing to apply: `terraform console` evaluates
 * the configuration in one walk, where `apply` plans (a validate walk and a plan walk) and then applies.
 * Invalid inputs make it print their errors and no value, which throws here as `apply` would fail.
 */
export function outputsOfCalls({ dir, calls }: ModuleHarness): Record<string, Record<string, unknown>> {
  const expression = `jsonencode({ ${calls.map((name) => `${name} = module.${name}`).join(", ")} })\n`;
  const result = terraform(dir, ["console", "-no-color", "-var-file=inputs.tfvars.json"], expression);
  // The console prints a string as a quoted literal; a JSON string literal reads it, escapes included.
  let values: Record<string, Record<string, unknown>>;
  try {
    values = JSON.parse(JSON.parse(result.stdout.trim()) as string);
  } catch {
    throw new Error(`terraform console gave no value for the module calls (status ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  if (result.status !== 0 || /^Error: /m.test(result.stdout + result.stderr))
    throw new Error(`terraform console failed (status ${result.status}):\n${result.stderr}`);
  return Object.fromEntries(
    Object.entries(values).map(([name, outputs]) => [name, Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== null))]),
  );
}
