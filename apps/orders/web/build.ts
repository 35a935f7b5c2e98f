import type { BuildOptions } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Where `npm run orders:web:build` writes the page; the local gateway serves this folder. */
export const WEB_DIST = join(__dirname, "dist");

/**
 * Builds the page into static files: index.html, app.js (every module bundled, no CDN at run time)
 * and app.css. The output is plain files for any static host (the local gateway, S3 + CloudFront).
 * Synchronous, so that synth (which is synchronous) builds the page in its own process.
 */
export function buildWeb(options: { outDir?: string; minify?: boolean } = {}): string {
  const outDir = options.outDir ?? WEB_DIST;
  const minify = options.minify ?? true;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, minify, sourcemap: "linked", logLevel: "warning", legalComments: "none" } as const satisfies BuildOptions;
  // Loaded here, not at the top: synth loads this module for every orders stack, and builds only with web hosting.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- typed by its module
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  buildSync({
    ...common,
    entryPoints: [join(__dirname, "src/ui/main.ts")],
    outfile: join(outDir, "app.js"),
    format: "iife",
    target: ["es2022"],
    platform: "browser",
  });
  buildSync({ ...common, entryPoints: [join(__dirname, "src/styles.css")], outfile: join(outDir, "app.css") });
  copyFileSync(join(__dirname, "src/index.html"), join(outDir, "index.html"));
  return outDir;
}

if (require.main === module) {
  try {
    process.stdout.write(`orders web page built into ${buildWeb()}\n`);
  } catch (error) {
    process.stderr.write(`orders:web:build failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
