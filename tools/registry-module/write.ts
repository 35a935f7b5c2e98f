import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildModuleFiles } from "./build";
import { ModuleOptions } from "./module";

/** Writes files (path relative to `dir` -> content) below `dir`, making folders as needed. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Writes every file of the Registry module into a fresh folder; returns how many. */
export function writeModule(outdir: string, options: ModuleOptions = {}): number {
  rmSync(outdir, { recursive: true, force: true });
  const files = buildModuleFiles(options);
  writeFiles(outdir, files);
  return Object.keys(files).length;
}
