import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CLAIM_CHECK_DEFAULTS, OUTPUT_DESCRIPTIONS } from "../../modules/claim-check";
import { readPropDocs } from "../../tools/registry-module/prop-docs";
import { staticFiles } from "../../tools/registry-module/build";
import { MODULE_ONLY_VARIABLES, UNSUPPORTED_PROPS, variableName, variableSpecs } from "../../tools/registry-module/variables";
import { parseHcl } from "../support/hcl";
import { buildModule, copyOfModule, describeWithTerraform, listFiles, terraform } from "../support/terraform";

const moduleDir = buildModule();
const read = (path: string) => readFileSync(join(moduleDir, path), "utf8");
const files = listFiles(moduleDir).sort();
const hclFiles = files.filter((f) => /\.(tf|tftest\.hcl)$/.test(f));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON and parsed HCL take any shape
type Parsed = Record<string, any>;
const parseFile = (path: string): Promise<Parsed> => parseHcl(path, read(path));

test("writes the Registry layout: module files, examples and tests", () => {
  expect(files).toEqual(
    expect.arrayContaining([
      "main.tf",
      "variables.tf",
      "outputs.tf",
      "versions.tf",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "examples/complete/main.tf",
      "examples/existing-kms-key/main.tf",
      "tests/defaults.tftest.hcl",
      "tests/existing_key.tftest.hcl",
      "tests/validation.tftest.hcl",
    ]),
  );
  expect(read("LICENSE")).toContain("Apache License");
});

test.each(hclFiles)("%s parses with the real HCL parser", async (path) => {
  const parsed = await parseFile(path);
  expect(Object.keys(parsed).length).toBeGreaterThan(0);
});

test("the module has no provider block and no backend, and pins a minimum provider version", async () => {
  for (const path of ["main.tf", "variables.tf", "outputs.tf", "versions.tf"]) {
    const parsed = await parseFile(path);
    expect(parsed.provider).toBeUndefined();
    expect(JSON.stringify(parsed.terraform ?? [])).not.toContain("backend");
  }
  const versions = (await parseFile("versions.tf")).terraform[0];
  expect(versions.required_version).toBe(">= 1.9");
  expect(versions.required_providers[0].aws).toEqual({ source: "hashicorp/aws", version: ">= 6.8" });
});

test("policies are written with jsonencode, never as JSON strings", () => {
  const main = read("main.tf");
  expect(main).toMatch(/bucket_policy += jsonencode\(\{/);
  expect(main).not.toMatch(/"\{\\?"Version/);
});

test("examples call the module from ../../ and from nowhere else", async () => {
  for (const example of ["complete", "existing-kms-key"]) {
    const modules = (await parseFile(`examples/${example}/main.tf`)).module;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON and parsed HCL take any shape
    const sources = Object.values(modules).flatMap((instances: any) => instances.map((m: any) => m.source));
    expect(sources).toEqual(["../../"]);
  }
});

describe("variables", () => {
  const specs = variableSpecs(readPropDocs());

  test("one per construct prop, in snake_case, except the documented unsupported ones, plus the module's own", async () => {
    const declared = Object.keys((await parseFile("variables.tf")).variable).sort();
    const props = Object.keys(readPropDocs()).filter((p) => !(p in UNSUPPORTED_PROPS));
    expect(declared).toEqual([...props.map(variableName), ...MODULE_ONLY_VARIABLES.map((v) => v.name)].sort());
    expect(variableName("existingKmsKeyArn")).toBe("kms_key_arn");
  });

  test("each has a type and a description taken from the construct's docs", async () => {
    const variables = (await parseFile("variables.tf")).variable;
    for (const spec of specs) {
      const [variable] = variables[spec.name];
      expect(variable.type).toBe(`\${${spec.type}}`);
      expect(variable.description.length).toBeGreaterThan(20);
    }
    expect(variables.max_receive_count[0].description).toBe(readPropDocs().maxReceiveCount.summary);
  });

  test("defaults are the construct's defaults", async () => {
    const variables = (await parseFile("variables.tf")).variable;
    for (const [prop, value] of Object.entries(CLAIM_CHECK_DEFAULTS)) {
      const name = variableName(prop);
      if (!variables[name]) continue; // preventDestroy
      // null: 30 for a created key, 7 with versioning (so a value set with versioning off can be rejected); see locals
      const expected = ["keyDeletionWindowInDays", "noncurrentVersionExpirationDays"].includes(prop) ? null : value;
      expect({ name, default: variables[name][0].default ?? null }).toEqual({ name, default: expected });
    }
    expect(read("main.tf")).toContain(`coalesce(var.key_deletion_window_in_days, ${CLAIM_CHECK_DEFAULTS.keyDeletionWindowInDays})`);
    expect(read("main.tf")).toContain(
      `coalesce(var.noncurrent_version_expiration_days, ${CLAIM_CHECK_DEFAULTS.noncurrentVersionExpirationDays})`,
    );
  });
});

test("variable descriptions speak HCL, not TypeScript (defect 8)", async () => {
  const variables = (await parseFile("variables.tf")).variable as Record<string, { description: string }[]>;
  const typescriptIsms = Object.entries(variables).flatMap(([name, [variable]]) =>
    [/\.ts\b/, /`\w+: (true|false|\d+|")/, /`[a-z]+[A-Z]\w*`/, /\bprops?\b/, /\bconstruct\b/]
      .filter((pattern) => pattern.test(variable.description))
      .map((pattern) => `${name}: ${pattern} in ${JSON.stringify(variable.description)}`),
  );
  expect(typescriptIsms).toEqual([]);
});

test("only main.tf, variables.tf, outputs.tf and the README's terraform-docs block are generated; the rest are kept files", () => {
  const kept = staticFiles();
  for (const path of Object.keys(kept).filter((p) => p !== "README.md"))
    expect({ path, content: read(path) }).toEqual({ path, content: kept[path] });
  expect(Object.keys(kept)).toEqual(
    expect.arrayContaining(["README.md", "versions.tf", "examples/complete/main.tf", "tests/defaults.tftest.hcl"]),
  );
  const readme = read("README.md");
  const docs = /<!-- BEGIN_TF_DOCS -->[\s\S]*<!-- END_TF_DOCS -->/;
  expect(readme.replace(docs, "")).toBe(kept["README.md"].replace(docs, ""));
  for (const generated of ["main.tf", "variables.tf", "outputs.tf"])
    expect(read(generated)).toMatch(/^# Generated from the claim-check spec/);
});

test("the README's docs block has terraform-docs' sections, with inputs and outputs sorted by name", () => {
  const block = /<!-- BEGIN_TF_DOCS -->([\s\S]*)<!-- END_TF_DOCS -->/.exec(read("README.md"))![1];
  expect([...block.matchAll(/^## (\w+)/gm)].map((m) => m[1])).toEqual([
    "Requirements",
    "Providers",
    "Modules",
    "Resources",
    "Inputs",
    "Outputs",
  ]);
  const rows = (section: string) =>
    [...new RegExp(`## ${section}\\n\\n\\|[^\\n]*\\n\\|[^\\n]*\\n((?:\\|[^\\n]*\\n?)*)`).exec(block)![1].matchAll(/^\| ([^|]+?) \|/gm)].map(
      (m) => m[1],
    );
  expect(rows("Inputs")).toEqual([...rows("Inputs")].sort());
  expect(rows("Inputs")).toHaveLength(Object.keys(variableSpecs(readPropDocs())).length);
  expect(rows("Outputs")).toEqual([...Object.keys(OUTPUT_DESCRIPTIONS)].sort());
  expect(rows("Requirements")).toEqual(["terraform", "aws"]);
  expect(rows("Resources")).toContain(
    "[aws_s3_bucket.this](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket)",
  );
});

test("the README documents every input and output, and the unsupported prop", () => {
  const readme = read("README.md");
  for (const spec of variableSpecs(readPropDocs())) expect(readme).toMatch(new RegExp(`^\\| ${spec.name} \\|`, "m"));
  for (const name of Object.keys(OUTPUT_DESCRIPTIONS)) expect(readme).toMatch(new RegExp(`^\\| ${name} \\|`, "m"));
  expect(readme).toContain("`prevent_destroy` is not an input");
  expect(readme).toContain("<!-- BEGIN_TF_DOCS -->");
});

describeWithTerraform("with the terraform CLI", () => {
  // terraform get writes .terraform folders: work on a private copy of the shared build.
  let copy: string;
  beforeAll(() => {
    copy = copyOfModule();
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  test("terraform fmt -check -recursive finds nothing to change", () => {
    const result = terraform(moduleDir, ["fmt", "-check", "-recursive", "-no-color"]);
    expect({ status: result.status, unformatted: result.stdout.trim() }).toEqual({ status: 0, unformatted: "" });
  });

  test("terraform providers loads the module and its test files", () => {
    const result = terraform(moduleDir, ["providers", "-no-color"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("provider[registry.terraform.io/hashicorp/aws] >= 6.8.0");
    expect(result.stdout).toContain("test.tests.validation");
  });

  test.each(["complete", "existing-kms-key"])("terraform providers loads examples/%s after terraform get", (example) => {
    const dir = join(copy, "examples", example);
    expect(terraform(dir, ["get", "-no-color"]).status).toBe(0);
    const result = terraform(dir, ["providers", "-no-color"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("module.claim_check");
  });
});
