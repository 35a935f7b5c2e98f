// `npm run synth:hcl`: writes each environment as a plain Terraform root module to cdktf.out/hcl/<env>/,
// calling a copy of the generated Registry module. `cdktf synth --hcl` writes HCL Terraform rejects.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { App } from "cdktf";
import { allEnvironments, ClaimCheckStack } from "../../environments";
import { movedBlocks } from "./moved";
import { staticFiles } from "../registry-module/build";
import { writeModule } from "../registry-module/write";
import { MODULE_SOURCE, rootModule } from "./root-module";

const ROOT = join(__dirname, "..", "..");

/** Writes every environment's root module below `outdir`; returns the folders written and the warnings. */
export function synthHcl(outdir: string, env = process.env): { dirs: string[]; warnings: string[] } {
  const moduleBuild = join(outdir, ".module");
  const versionsTf = staticFiles()["versions.tf"];
  const dirs: string[] = [];
  const warnings: string[] = [];
  for (const config of allEnvironments(env)) {
    const dir = join(outdir, config.name);
    rmSync(dir, { recursive: true, force: true });
    const root = rootModule(config, versionsTf, ROOT);
    for (const [path, content] of Object.entries(root.files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    writeFileSync(join(dir, "moved.tf"), movedBlocks(new ClaimCheckStack(new App({ outdir: join(outdir, ".app") }), config)).file);
    // Each environment's own copy: one with preventDestroy gets a literal prevent_destroy, which the moved
    // blocks would otherwise drop from its bucket, key and queues.
    writeModule(moduleBuild, { preventDestroy: config.claimCheck.preventDestroy === true });
    cpSync(moduleBuild, join(dir, MODULE_SOURCE), { recursive: true, filter: (source) => !/[/\\](examples|tests)([/\\]|$)/.test(source) });
    dirs.push(dir);
    warnings.push(...root.warnings);
  }
  rmSync(moduleBuild, { recursive: true, force: true });
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
