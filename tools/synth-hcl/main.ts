// `npm run synth:hcl`: writes each environment as a plain Terraform root module to cdktf.out/hcl/<env>/,
// calling a copy of the generated Registry module. `cdktf synth --hcl` writes HCL Terraform rejects.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { allEnvironments, ClaimCheckStack } from "../../environments";
import { movedBlocks } from "./moved";
import { buildModuleFiles, staticFiles } from "../registry-module/build";
import { writeFiles } from "../registry-module/write";
import { MODULE_SOURCE, rootModule } from "./root-module";

const ROOT = join(__dirname, "..", "..");

/** Writes every environment's root module below `outdir`; returns the folders written and the warnings. */
export function synthHcl(outdir: string, env = process.env): { dirs: string[]; warnings: string[] } {
  const versionsTf = staticFiles()["versions.tf"];
  // The module a root module calls, without its examples and tests; built once per preventDestroy value. A copy
  // with preventDestroy gets a literal prevent_destroy, which the moved blocks would otherwise drop from its
  // bucket, key and queues.
  const modules = new Map<boolean, Record<string, string>>();
  const moduleFiles = (preventDestroy: boolean) => {
    let files = modules.get(preventDestroy);
    if (files === undefined) {
      files = Object.fromEntries(
        Object.entries(buildModuleFiles({ preventDestroy })).filter(([path]) => !/^(examples|tests)\//.test(path)),
      );
      modules.set(preventDestroy, files);
    }
    return files;
  };
  const dirs: string[] = [];
  const warnings: string[] = [];
  for (const config of allEnvironments(env)) {
    const dir = join(outdir, config.name);
    rmSync(dir, { recursive: true, force: true });
    const root = rootModule(config, versionsTf, ROOT);
    writeFiles(dir, root.files);
    writeFileSync(join(dir, "moved.tf"), movedBlocks(new ClaimCheckStack(new App({ outdir: join(outdir, ".app") }), config)));
    writeFiles(join(dir, MODULE_SOURCE), moduleFiles(config.claimCheck.preventDestroy === true));
    dirs.push(dir);
    warnings.push(...root.warnings);
  }
  rmSync(join(outdir, ".app"), { recursive: true, force: true });
  return { dirs, warnings };
}

if (require.main === module) {
  const outdir = process.argv[2] ?? join(ROOT, "cdktf.out", "hcl");
  const { dirs, warnings } = synthHcl(outdir);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  console.log(`wrote ${dirs.length} HCL root modules: ${dirs.join(", ")}`);
  console.log("in each: terraform init && terraform plan");
}
