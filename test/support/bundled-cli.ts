import type { BuildOptions } from "esbuild";
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cachedBuild } from "../../modules/orders/build-cache";
import { userCacheDir } from "../../modules/orders/cache-files";

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
const CACHE = userCacheDir("claim-check-cli-bundles");

/**
 * Bundles a command-line entry (a TypeScript file that runs itself when it is the main module) into one
 * JavaScript file with esbuild, so each child process a test starts loads one file with nothing left to
 * transpile (about 0.2 s): the same code. Returns the launcher that runs it (see LAUNCHER). The bundle is
 * kept like the Lambda bundles (modules/orders/build-cache.ts), so a run whose inputs are unchanged reuses
 * it (esbuild costs about 0.3 CPU-s a build). The shims users run (`npx claim-check`, `npm run ...`) have
 * tests of their own.
 */
export function bundleCli(entry: string): string {
  const { dir } = cachedBuild({
    cacheRoot: CACHE,
    setup: { OPTIONS, entry: resolve(entry), LAUNCHER },
    complete: (kept) => existsSync(join(kept, "start.js")),
    build: (staging, esbuild) => {
      const result = esbuild.buildSync({
        ...OPTIONS,
        entryPoints: [entry],
        outfile: join(staging, "cli.js"),
        metafile: true,
      });
      writeFileSync(join(staging, "start.js"), LAUNCHER);
      return result.metafile;
    },
  });
  return join(dir, "start.js");
}
