// Writes the Terraform Registry module, generated from the construct, to dist/terraform-aws-claim-check/
// (or to the folder given as the first argument, which the tests use).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { buildModuleFiles } from "../tools/registry-module/build";

const outdir = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, "..", "dist", "terraform-aws-claim-check");
rmSync(outdir, { recursive: true, force: true });
const files = buildModuleFiles();
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(join(outdir, path)), { recursive: true });
  writeFileSync(join(outdir, path), content);
}
console.log(`wrote ${Object.keys(files).length} files to ${outdir}`);
