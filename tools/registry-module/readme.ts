import { OUTPUT_DESCRIPTIONS, OUTPUT_NAMES } from "../../modules/claim-check/spec";
import { renderValue } from "./hcl";
import { MODULE_ADDRESSES } from "./module";
import { VariableSpec } from "./variables";

const BEGIN = "<!-- BEGIN_TF_DOCS -->";
const END = "<!-- END_TF_DOCS -->";
const REGISTRY_DOCS = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.name.localeCompare(b.name));
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(" | ")} |`,
    `|${header.map((h) => (h === "Required" ? ":--------:" : "-".repeat(h.length + 2))).join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");

/** The versions pinned in the module's (hand-kept) versions.tf. */
export function requiredVersions(versionsTf: string): { terraform: string; aws: string } {
  const terraform = /required_version\s*=\s*"([^"]+)"/.exec(versionsTf)?.[1];
  const aws = /aws\s*=\s*\{[^}]*version\s*=\s*"([^"]+)"/.exec(versionsTf)?.[1];
  if (!terraform || !aws) throw new Error("versions.tf must pin required_version and the aws provider's version");
  return { terraform, aws };
}

const shownDefault = (spec: VariableSpec) =>
  spec.default === undefined ? "n/a" : `\`${renderValue(spec.default, 0).replace(/\n\s*/g, " ")}\``;

/** The terraform-docs block, in terraform-docs' own layout: Requirements, Providers, Resources, Inputs, Outputs. */
export function terraformDocs(variables: readonly VariableSpec[], versionsTf: string): string {
  const versions = requiredVersions(versionsTf);
  const resources = Object.values(MODULE_ADDRESSES)
    .map((address) => {
      const isData = address.startsWith("data.");
      const [type, name] = (isData ? address.slice("data.".length) : address).split(".");
      const page = `${REGISTRY_DOCS}/${isData ? "data-sources" : "resources"}/${type.replace(/^aws_/, "")}`;
      return { name: `${type}.${name}`, row: [`[${type}.${name}](${page})`, isData ? "data source" : "resource"] };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const outputs = OUTPUT_NAMES.map((name) => ({ name, description: OUTPUT_DESCRIPTIONS[name] }));
  return [
    BEGIN,
    "## Requirements",
    "",
    table(
      ["Name", "Version"],
      [
        ["terraform", versions.terraform],
        ["aws", versions.aws],
      ],
    ),
    "",
    "## Providers",
    "",
    table(["Name", "Version"], [["aws", versions.aws]]),
    "",
    "## Modules",
    "",
    "No modules.",
    "",
    "## Resources",
    "",
    table(
      ["Name", "Type"],
      resources.map((r) => r.row),
    ),
    "",
    "## Inputs",
    "",
    table(
      ["Name", "Description", "Type", "Default", "Required"],
      byName(variables).map((v) => [v.name, cell(v.description), `\`${v.type}\``, shownDefault(v), v.default === undefined ? "yes" : "no"]),
    ),
    "",
    "## Outputs",
    "",
    table(
      ["Name", "Description"],
      byName(outputs).map((o) => [o.name, cell(o.description)]),
    ),
    END,
  ].join("\n");
}

/** The hand-written README with its terraform-docs block filled in. */
export function withTerraformDocs(readme: string, docs: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the module README needs the ${BEGIN} and ${END} markers`);
  return readme.slice(0, start) + docs + readme.slice(end + END.length);
}
