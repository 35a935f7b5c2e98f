import type { BuildOptions } from "esbuild";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cachedBuild } from "./build-cache";
import { cacheDir } from "../../scripts/cache-dir.cjs";
import { zipSingleFile } from "./lambda-zip";

/** esbuild settings of every Lambda bundle: the AWS SDK included, minified, no source map, so bytes and asset hashes are deterministic. */
const OPTIONS = {
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  legalComments: "none",
  logLevel: "silent",
} as const satisfies BuildOptions;

/**
 * Where bundles are kept between synths: ORDERS_BUNDLE_CACHE, else node_modules/.cache/claim-check of this
 * checkout (scripts/cache-dir.cjs).
 */
const DEFAULT_BUNDLE_CACHE = process.env.ORDERS_BUNDLE_CACHE || cacheDir("orders-lambda-bundles");

export interface BundleRequest {
  /** The folder of the handler modules. */
  readonly functionsDir: string;
  /** Handler modules (file names without .ts) to bundle. */
  readonly modules: readonly string[];
  /** Cache folder. @default DEFAULT_BUNDLE_CACHE */
  readonly cacheRoot?: string;
}

export interface Bundles {
  /** The folder holding `index.js` of each module, by module. */
  readonly dirs: Readonly<Record<string, string>>;
  /** A deterministic zip (`archive.zip`) of each module's `index.js`, by module: the Lambda asset. */
  readonly zips: Readonly<Record<string, string>>;
  /** Whether esbuild ran (false: every input was unchanged since the cached build). */
  readonly built: boolean;
}

const bundlesIn = (root: string, modules: readonly string[], built: boolean): Bundles => ({
  dirs: Object.fromEntries(modules.map((m) => [m, join(root, m)])),
  zips: Object.fromEntries(modules.map((m) => [m, join(root, "zip", m, "archive.zip")])),
  built,
});

/**
 * Bundles every handler with one esbuild build (parsing shared modules such as the AWS SDK once), kept
 * under a hash of all its inputs (see {@link cachedBuild}): a later synth whose inputs are unchanged reuses
 * it without building.
 */
export function bundleHandlers(request: BundleRequest): Bundles {
  const modules = [...new Set(request.modules)].sort();
  const { dir, built } = cachedBuild({
    cacheRoot: request.cacheRoot ?? DEFAULT_BUNDLE_CACHE,
    setup: { OPTIONS, zip: "single-file-v1", functionsDir: resolve(request.functionsDir), modules },
    complete: (root) => {
      const kept = bundlesIn(root, modules, false);
      return modules.every((m) => existsSync(kept.zips[m]) && existsSync(join(kept.dirs[m], "index.js")));
    },
    build: (staging, esbuild) => {
      let result;
      try {
        result = esbuild.buildSync({
          ...OPTIONS,
          entryPoints: Object.fromEntries(modules.map((m) => [`${m}/index`, join(request.functionsDir, `${m}.ts`)])),
          outdir: staging,
          metafile: true,
        });
      } catch (error) {
        throw new Error(`bundling the orders Lambda handlers (${modules.join(", ")}) failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      for (const m of modules) {
        mkdirSync(join(staging, "zip", m), { recursive: true });
        writeFileSync(join(staging, "zip", m, "archive.zip"), zipSingleFile("index.js", readFileSync(join(staging, m, "index.js"))));
      }
      return result.metafile;
    },
  });
  return bundlesIn(dir, modules, built);
}
