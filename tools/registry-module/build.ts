import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { attr, blank, block, BodyItem, expr, renderFile } from "./hcl";
import { mainBlocks, ModuleOptions, outputBlocks } from "./module";
import { readPropDocs } from "./prop-docs";
import { terraformDocs, withTerraformDocs } from "./readme";
import { VariableSpec, variableSpecs } from "./variables";

const GENERATED = "# Generated from the claim-check spec (modules/claim-check/spec) by `npm run build:module`. Do not edit.";
const ROOT = join(__dirname, "..", "..");
/** Hand-kept files of the module: README prose, versions.tf, examples and `terraform test` files. */
export const STATIC_DIR = join(__dirname, "static");

function variableBlock(spec: VariableSpec): BodyItem {
  const body: BodyItem[] = [attr("description", spec.description), attr("type", expr(spec.type))];
  if (spec.default !== undefined) body.push(attr("default", spec.default));
  if (spec.nullable === false) body.push(attr("nullable", false));
  for (const validation of spec.validations) {
    body.push(
      blank,
      block("validation", [], [attr("condition", expr(validation.condition)), attr("error_message", validation.errorMessage)]),
    );
  }
  return block("variable", [spec.name], body);
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

/** The hand-kept files, keyed by their path inside the module. */
export function staticFiles(): Record<string, string> {
  return Object.fromEntries(filesUnder(STATIC_DIR).map((file) => [relative(STATIC_DIR, file), readFileSync(file, "utf8")]));
}

/** Every file of the Registry module: main.tf, variables.tf, outputs.tf and the README's docs block generated. */
export function buildModuleFiles(options: ModuleOptions = {}): Record<string, string> {
  const variables = variableSpecs(readPropDocs());
  const kept = staticFiles();
  return {
    ...kept,
    "main.tf": renderFile(mainBlocks(options), GENERATED),
    "variables.tf": renderFile(variables.map(variableBlock), GENERATED),
    "outputs.tf": renderFile(outputBlocks(), GENERATED),
    "README.md": withTerraformDocs(kept["README.md"], terraformDocs(variables, kept["versions.tf"])),
    LICENSE: readFileSync(join(ROOT, "LICENSE"), "utf8"),
    "CHANGELOG.md": readFileSync(join(ROOT, "CHANGELOG.md"), "utf8"),
  };
}
