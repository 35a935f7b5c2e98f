import { buildSync, BuildOptions, version as esbuildVersion } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { contentHash } from "../../modules/orders/bundles";

const OPTIONS = { bundle: true, platform: "node", target: "node20", logLevel: "error" } as const satisfies BuildOptions;

/**
 * Runs cli.js beside it exactly as `node cli.js <args>` would (the main module, the same argv), but compiled
 * with V8's code cache, kept beside it after the first run: a run then compiles none of the bundle's
 * functions that an earlier run compiled (the SDK's start-up), about a quarter of each run's CPU.
 */
const LAUNCHER = `"use strict";
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");
const file = join(__dirname, "cli.js");
const cacheFile = file + ".v8-cache";
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {}
const source = readFileSync(file, "utf8").replace(/^#!.*/, "");
const script = new Script(Module.wrap(source), { filename: file, cachedData });
const main = new Module(file, null);
main.filename = file;
main.paths = Module._nodeModulePaths(__dirname);
Module._cache[file] = main;
const mainRequire = Module.createRequire(file);
mainRequire.main = main;
process.argv[1] = file;
if (cachedData === undefined || script.cachedDataRejected)
  process.on("exit", () => {
    const partial = cacheFile + "." + process.pid;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  });
script.runInThisContext().call(main.exports, main.exports, mainRequire, main, file, __dirname);
`;

/** Kept between runs per user in the OS temp folder, as scripts/ts-run.cjs keeps transpiled files. */
const CACHE = join(tmpdir(), `claim-check-cli-bundles-${process.getuid?.() ?? "user"}`);

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");

/**
 * Bundles a command-line entry (a TypeScript file that runs itself when it is the main module) into one
 * JavaScript file with esbuild, so each child process a test starts loads one file with nothing left to
 * transpile (about 0.2 s): the same code. Returns the launcher that runs it (see LAUNCHER). The bundle is
 * kept under a hash of all its inputs' contents (the entry, the code it imports, node_modules files), the
 * esbuild version and the settings, so a run whose inputs are unchanged reuses it (esbuild costs about
 * 0.3 CPU-s a build) and any changed input builds again, as modules/orders/bundles.ts does for the Lambda
 * bundles. The shims users run (`npx claim-check`, `npm run ...`) have tests of their own.
 */
export function bundleCli(entry: string, cacheRoot: string = CACHE): string {
  const setupKey = JSON.stringify({ esbuildVersion, OPTIONS, entry: resolve(entry), LAUNCHER });
  const pointer = join(cacheRoot, `inputs-${sha256(setupKey).slice(0, 16)}.json`);

  // The inputs of the last build of this entry: if their contents still hash to a kept bundle, use it.
  if (existsSync(pointer)) {
    const { inputs } = JSON.parse(readFileSync(pointer, "utf8")) as { inputs: string[] };
    const key = contentHash(setupKey, inputs);
    if (key && existsSync(join(cacheRoot, key, "start.js"))) return join(cacheRoot, key, "start.js");
  }

  const staging = join(cacheRoot, `building-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  let result;
  try {
    result = buildSync({
      ...OPTIONS,
      entryPoints: [entry],
      outfile: join(staging, "cli.js"),
      metafile: true,
      absWorkingDir: process.cwd(),
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(staging, "start.js"), LAUNCHER);
  const inputs = Object.keys(result.metafile.inputs).map((input) => (isAbsolute(input) ? input : resolve(process.cwd(), input)));
  const key = contentHash(setupKey, inputs) ?? sha256(`${setupKey}${Date.now()}`);
  const final = join(cacheRoot, key);
  try {
    renameSync(staging, final); // atomic: a parallel run never sees half a bundle
  } catch (error) {
    if (!existsSync(final)) throw error;
    rmSync(staging, { recursive: true, force: true }); // a parallel run kept the same bundle first
  }
  const partial = `${pointer}.${process.pid}`;
  writeFileSync(partial, JSON.stringify({ inputs }));
  renameSync(partial, pointer);
  return join(final, "start.js");
}
