// Writes the Terraform Registry module to dist/terraform-aws-claim-check/, generated from the construct.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildModuleFiles } from "../modules/claim-check/registry/build";

const outdir = join(__dirname, "..", "dist", "terraform-aws-claim-check");
rmSync(outdir, { recursive: true, force: true });
const files = buildModuleFiles();
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(join(outdir, path)), { recursive: true });
  writeFileSync(join(outdir, path), content);
}
console.log(`wrote ${Object.keys(files).length} files to dist/terraform-aws-claim-check/`);
