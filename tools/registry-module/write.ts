import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildModuleFiles } from "./build";
import { ModuleOptions } from "./module";

/** Writes every file of the Registry module into a fresh folder; returns how many. */
export function writeModule(outdir: string, options: ModuleOptions = {}): number {
  rmSync(outdir, { recursive: true, force: true });
  const files = buildModuleFiles(options);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(outdir, path)), { recursive: true });
    writeFileSync(join(outdir, path), content);
  }
  return Object.keys(files).length;
}
