import type { BuildOptions } from "esbuild";
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cachedBuild } from "../../modules/orders/build-cache";
import { cacheDir } from "../../scripts/cache-dir.cjs";

// import() lowered to require(): scripts/compile-cache.cjs leaves a module that may call import() to Node's
// own, uncached compile (see there), and the SDK's bundled credential providers contain two.
const OPTIONS = {
  bundle: true,
  platform: "node",
  target: "node20",
  supported: { "dynamic-import": false },
  logLevel: "error",
} as const satisfies BuildOptions;

/** Runs cli.js beside it as `node cli.js <args>` would, keeping V8's compiled code beside it between runs. */
const LAUNCHER = `"use strict";
require(${JSON.stringify(resolve(__dirname, "..", "..", "scripts", "compile-cache.cjs"))}).installCompileCache(__dirname);
process.argv[1] = require("node:path").join(__dirname, "cli.js");
require("node:module").runMain();
`;

/** Kept between runs in the project's cache folder (scripts/cache-dir.cjs). */
const CACHE = cacheDir("cli-bundles");

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
