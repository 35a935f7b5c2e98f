#!/usr/bin/env node
// Runs TypeScript without type-checking it (`npm test` runs tsc first, so checking again on every run only
// costs time): the CDKTF app (cdktf.json "app": node scripts/ts-run.cjs main.ts) and every npm script
// (node scripts/ts-run.cjs scripts/demo.ts [args...]). Required or preloaded (node -r ./scripts/ts-run.cjs),
// it only registers .ts files. Each file is transpiled by esbuild as node loads it, so every file keeps its
// own __dirname and __filename (bundling would merge them into one). Transpiled files are cached in
// node_modules/.cache (scripts/cache-dir.cjs), so an unchanged file is not transpiled again. Source maps
// are inline: run with NODE_OPTIONS=--enable-source-maps for stack traces with TypeScript lines.
const { createHash } = require("node:crypto");
const { existsSync, readFileSync } = require("node:fs");
const Module = require("node:module");
const { join, resolve } = require("node:path");
const { cacheDir, writeAtomic } = require("./cache-dir.cjs");

// The project's compiler options, as tsc reads them (alwaysStrict: each file in strict mode, as tsc, jest's
// SWC and the Lambda bundles emit it).
const TSCONFIG = readFileSync(join(__dirname, "..", "tsconfig.json"), "utf8");
const OPTIONS = { loader: "ts", format: "cjs", target: "node20", sourcemap: "inline", tsconfigRaw: TSCONFIG };
const CACHE = cacheDir("ts-run");
// The cache key covers esbuild's version, this launcher and the compiler options, so a change to any of them
// transpiles again.
const SALT = [esbuildPackage(), readFileSync(__filename, "utf8"), TSCONFIG].join("\0");
let esbuild; // loaded on the first cache miss only

/** esbuild's package.json; in a clone before `npm ci` there is none, and one line says what to do. */
function esbuildPackage() {
  try {
    return readFileSync(require.resolve("esbuild/package.json"), "utf8");
  } catch {
    console.error(`ts-run: esbuild is not installed: run \`npm ci\` in ${join(__dirname, "..")} first.`);
    process.exit(2);
  }
}

function transpile(source, filename) {
  // One cache file per source path, whose first line is the hash of what it was made from: an edited file
  // replaces its own entry, so the cache does not grow with every edit.
  const stamp = `// ${createHash("sha256").update(`${SALT}\0${source}`).digest("hex")}\n`;
  const cached = join(CACHE, `${createHash("sha256").update(filename).digest("hex")}.js`);
  try {
    const text = readFileSync(cached, "utf8");
    if (text.startsWith(stamp)) return text.slice(stamp.length);
  } catch {
    // not cached yet
  }
  esbuild ??= require("esbuild");
  const { code } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename });
  try {
    writeAtomic(cached, stamp + code);
  } catch {
    // A cache that cannot be written (a full disk) only costs the next run the transpile.
  }
  return code;
}

// V8's compiled code of every module (node_modules included) is kept between runs too (see the file).
require("./compile-cache.cjs").installCompileCache(cacheDir("v8"));

// cdktf's token creation traces are not recorded unless CDK_DEBUG is set (see the file).
require("./token-traces.cjs").skipTokenTraces(Error);

Module._extensions[".ts"] = (module, filename) => {
  module._compile(transpile(readFileSync(filename, "utf8"), filename), filename);
};

if (require.main === module) {
  const entry = process.argv[2];
  if (!entry) {
    console.error("usage: node scripts/ts-run.cjs <file.ts> [arguments...]");
    process.exit(2);
  }
  // As if node had run the file itself: it sees its own path in process.argv[1], its arguments after it,
  // and itself as require.main.
  if (!existsSync(resolve(entry))) {
    console.error(`ts-run: no such file: ${resolve(entry)}`);
    process.exit(2);
  }
  process.argv.splice(1, 2, resolve(entry));
  Module._load(process.argv[1], null, true);
}
