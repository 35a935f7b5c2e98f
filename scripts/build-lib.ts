// `npm run build:lib` (also npm's prepack): compiles the published library (tsconfig.lib.json) into dist/.
// `tsc --build` skips the compile when no input changed since the last build (its record is the
// tsBuildInfoFile, node_modules/.cache/tsc/lib.tsbuildinfo), so packing twice compiles once. tsc does not
// notice outputs that were deleted, nor outputs whose source is gone: a missing output forces a full build,
// and outputs without a source are removed, so dist/ holds exactly the build of the current sources.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");
const DIST = join(ROOT, "dist");
/** What tsconfig.lib.json includes, as files and folders: a pattern such as client/(any)/(any).ts is the folder. */
const SOURCES = [
  ...new Set(
    (JSON.parse(readFileSync(join(ROOT, "tsconfig.lib.json"), "utf8")) as { include: string[] }).include.map((pattern) =>
      pattern.replace(/\/\*\*\/\*\.\w+$/, ""),
    ),
  ),
];
/** The files and folders of dist/ that the library build owns (dist/ may hold other builds too). */
const OWNED = ["index.js", "index.js.map", "index.d.ts", "modules", "client"];

/** The path itself if it is a file, else every file below it; nothing if it does not exist. */
const filesAt = (path: string): string[] =>
  !existsSync(path) ? [] : statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => filesAt(join(path, name))) : [path];

/** The source files of the build, relative to the root: TypeScript (no declaration files) and JSON. */
export const sourcesOf = (paths: readonly string[]): string[] =>
  paths.filter((path) => /\.(ts|json)$/.test(path) && !path.endsWith(".d.ts"));

/** The output tsc writes for a source, relative to dist/: one that is missing means the build must run again. */
export const mainOutputOf = (source: string): string => source.replace(/\.ts$/, ".js");

/** The source a dist/ file was built from (relative paths), or undefined for a file no build of ours writes. */
export function sourceOf(output: string): string | undefined {
  if (output.endsWith(".json")) return output;
  const base = output.replace(/(\.d\.ts|\.js\.map|\.js)$/, "");
  return base === output ? undefined : `${base}.ts`;
}

/** Outputs (relative to dist/) whose source is not among the sources: left over from deleted or renamed files. */
export function staleOutputs(outputs: readonly string[], sources: readonly string[]): string[] {
  const known = new Set(sources);
  return outputs.filter((output) => !known.has(sourceOf(output) ?? ""));
}

function removeEmptyFolders(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  for (const name of readdirSync(dir)) removeEmptyFolders(join(dir, name));
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

function main(): void {
  const sources = sourcesOf(SOURCES.flatMap((path) => filesAt(join(ROOT, path))).map((file) => relative(ROOT, file)));
  const missing = sources.some((source) => !existsSync(join(DIST, mainOutputOf(source))));
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const args = [tsc, "--build", ...(missing ? ["--force"] : []), join(ROOT, "tsconfig.lib.json")];
  const build = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const outputs = OWNED.flatMap((path) => filesAt(join(DIST, path))).map((file) => relative(DIST, file));
  for (const stale of staleOutputs(outputs, sources)) rmSync(join(DIST, stale));
  for (const owned of OWNED) removeEmptyFolders(join(DIST, owned));
}

if (require.main === module) main();
