import { buildSync, BuildOptions, version as esbuildVersion } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
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
 * Where bundles are kept between synths: ORDERS_BUNDLE_CACHE, else per user in the OS temp folder (as
 * scripts/ts-run.cjs keeps transpiled files).
 */
const DEFAULT_BUNDLE_CACHE = process.env.ORDERS_BUNDLE_CACHE || join(tmpdir(), `orders-lambda-bundles-${process.getuid?.() ?? "user"}`);

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

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** The hash of every input's path and content, or undefined when one cannot be read (deleted or moved). */
export function contentHash(setupKey: string, inputs: readonly string[]): string | undefined {
  const hash = createHash("sha256").update(setupKey);
  for (const input of [...inputs].sort()) {
    try {
      hash.update(`\0${input}\0${sha256(readFileSync(input))}`);
    } catch {
      return undefined;
    }
  }
  return hash.digest("hex");
}

const bundlesIn = (root: string, modules: readonly string[], built: boolean): Bundles => ({
  dirs: Object.fromEntries(modules.map((m) => [m, join(root, m)])),
  zips: Object.fromEntries(modules.map((m) => [m, join(root, "zip", m, "archive.zip")])),
  built,
});

/**
 * Bundles every handler with one esbuild build (parsing shared modules such as the AWS SDK once) and keeps
 * the result under a hash of all its inputs' contents (handlers, shared code, node_modules files), the
 * esbuild version and the settings. A later synth whose inputs are unchanged reuses it without building.
 */
export function bundleHandlers(request: BundleRequest): Bundles {
  const cacheRoot = request.cacheRoot ?? DEFAULT_BUNDLE_CACHE;
  const modules = [...new Set(request.modules)].sort();
  const setupKey = JSON.stringify({ esbuildVersion, OPTIONS, zip: "single-file-v1", functionsDir: resolve(request.functionsDir), modules });
  const pointer = join(cacheRoot, `inputs-${sha256(setupKey).slice(0, 16)}.json`);

  // The inputs of the last build of this setup: if their contents still hash to a kept bundle, use it.
  if (existsSync(pointer)) {
    const { inputs } = JSON.parse(readFileSync(pointer, "utf8")) as { inputs: string[] };
    const key = contentHash(setupKey, inputs);
    const cached = key ? bundlesIn(join(cacheRoot, key), modules, false) : undefined;
    if (cached && modules.every((m) => existsSync(cached.zips[m]) && existsSync(join(cached.dirs[m], "index.js")))) return cached;
  }

  mkdirSync(cacheRoot, { recursive: true });
  const staging = join(cacheRoot, `building-${process.pid}-${Date.now()}`);
  let result;
  try {
    result = buildSync({
      ...OPTIONS,
      entryPoints: Object.fromEntries(modules.map((m) => [`${m}/index`, join(request.functionsDir, `${m}.ts`)])),
      outdir: staging,
      metafile: true,
      absWorkingDir: process.cwd(),
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`bundling the orders Lambda handlers (${modules.join(", ")}) failed: ${(error as Error).message}`, { cause: error });
  }
  for (const m of modules) {
    mkdirSync(join(staging, "zip", m), { recursive: true });
    writeFileSync(join(staging, "zip", m, "archive.zip"), zipSingleFile("index.js", readFileSync(join(staging, m, "index.js"))));
  }
  const inputs = Object.keys(result.metafile.inputs).map((input) => (isAbsolute(input) ? input : resolve(process.cwd(), input)));
  const key = contentHash(setupKey, inputs) ?? sha256(`${setupKey}${Date.now()}`);
  const final = join(cacheRoot, key);
  if (existsSync(final)) rmSync(staging, { recursive: true, force: true });
  else renameSync(staging, final); // atomic: a parallel synth never sees half a bundle
  const partial = `${pointer}.${process.pid}`;
  writeFileSync(partial, JSON.stringify({ inputs }));
  renameSync(partial, pointer);
  return bundlesIn(final, modules, true);
}
