// Writes the Terraform Registry module, rendered from the claim-check spec by tools/registry-module, to
// dist/terraform-aws-claim-check/ (or to the folder given as the first argument).
import { join, resolve } from "node:path";
import { writeModule } from "../tools/registry-module/write";

const outdir = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, "..", "dist", "terraform-aws-claim-check");
console.log(`wrote ${writeModule(outdir)} files to ${outdir}`);
