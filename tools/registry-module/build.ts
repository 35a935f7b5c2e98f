import { attr, blank, block, BodyItem, expr, renderFile } from "./hcl";
import { mainBlocks, outputBlocks, versionsBlock } from "./module";
import { readPropDocs } from "./prop-docs";
import { variableSpecs, VariableSpec } from "./variables";
import { examples, moduleReadme, moduleTests, CHANGELOG, LICENSE_TEXT } from "./documents";

const GENERATED = "# Generated from the claim-check spec (modules/claim-check/spec) by `npm run build:module`. Do not edit.";

function variableBlock(spec: VariableSpec): BodyItem {
  const body: BodyItem[] = [attr("description", spec.description), attr("type", expr(spec.type))];
  if (spec.default !== undefined) body.push(attr("default", spec.default));
  if (spec.nullable === false) body.push(attr("nullable", false));
  for (const validation of spec.validations) {
    body.push(blank, block("validation", [], [attr("condition", expr(validation.condition)), attr("error_message", validation.errorMessage)]));
  }
  return block("variable", [spec.name], body);
}

/** Every file of the Registry module, keyed by its path inside the module folder. */
export function buildModuleFiles(): Record<string, string> {
  const variables = variableSpecs(readPropDocs());
  return {
    "main.tf": renderFile(mainBlocks(), GENERATED),
    "variables.tf": renderFile(variables.map(variableBlock), GENERATED),
    "outputs.tf": renderFile(outputBlocks(), GENERATED),
    "versions.tf": renderFile([versionsBlock()], GENERATED),
    "README.md": moduleReadme(variables),
    "LICENSE": LICENSE_TEXT,
    "CHANGELOG.md": CHANGELOG,
    ...examples(),
    ...moduleTests(),
  };
}
