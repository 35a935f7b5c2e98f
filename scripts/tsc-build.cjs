#!/usr/bin/env node
// `tsc --build` of a tsconfig, keeping tsc's record of the last check (its tsBuildInfoFile) in the project's
// cache folder (scripts/cache-dir.cjs) rather than where the tsconfig names it: a user who may not write the
// checkout's node_modules can still type-check, and an unchanged project is still skipped. tsc --build
// takes no --tsBuildInfoFile, so a one-line tsconfig in the cache folder extends the given one and moves
// the record; it is rewritten only when its text changes (tsc --build also compares its time). tsc looks for
// type packages (typeRoots) from the folder of the tsconfig it is given, so the wrapper names those the
// original would find, unless the original names its own.
// Usage: node scripts/tsc-build.cjs <tsconfig> [<tsc option>...]
const { spawnSync } = require("node:child_process");
const { readFileSync, rmSync } = require("node:fs");
const { createHash } = require("node:crypto");
const { basename, join, resolve } = require("node:path");
const { cacheDir, writeAtomic } = require("./cache-dir.cjs");

const ROOT = resolve(__dirname, "..");

/**
 * The tsconfig to give `tsc --build` for `config`: a file in the cache folder that extends it and keeps its
 * tsBuildInfoFile there too, named after the config's file name and a hash of its path.
 * @param {string} config
 * @returns {string}
 */
function cachedBuildConfig(config) {
  const path = resolve(config);
  const name = `${basename(path, ".json")}-${createHash("sha256").update(path).digest("hex").slice(0, 8)}`;
  const wrapper = join(cacheDir("tsc"), `${name}.json`);
  const ts = require(require.resolve("typescript", { paths: [ROOT] }));
  const parsed = ts.getParsedCommandLineOfConfigFile(path, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  // An unreadable config is left for tsc to report, naming it.
  const typeRoots = parsed && !parsed.options.typeRoots ? ts.getEffectiveTypeRoots(parsed.options, ts.sys) : undefined;
  const text = `${JSON.stringify({ extends: path, compilerOptions: { tsBuildInfoFile: `./${name}.tsbuildinfo`, typeRoots } })}\n`;
  let current;
  try {
    current = readFileSync(wrapper, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== text) {
    // A record older than its tsconfig makes tsc --build check again on every run (it does not rewrite an
    // unchanged record): a new wrapper starts without one.
    rmSync(join(cacheDir("tsc"), `${name}.tsbuildinfo`), { force: true });
    writeAtomic(wrapper, text);
  }
  return wrapper;
}

/**
 * Runs `tsc --build` for a tsconfig (with extra tsc options) in a child process of this script, its output
 * captured: the caller does not load TypeScript itself.
 * @param {string} config
 * @param {string[]} [options]
 */
const tscBuild = (config, options = []) => spawnSync(process.execPath, [__filename, resolve(config), ...options], { encoding: "utf8" });

module.exports = { tscBuild };

if (require.main === module) {
  const [config, ...options] = process.argv.slice(2);
  if (!config) {
    console.error("usage: node scripts/tsc-build.cjs <tsconfig> [<tsc option>...]");
    process.exit(2);
  }
  // In this process, as tsc's own command line (it exits with tsc's code): TypeScript is loaded once. The
  // config is found from where the script was started; tsc reports paths from the checkout.
  const wrapper = cachedBuildConfig(config);
  const ts = require(require.resolve("typescript", { paths: [ROOT] }));
  process.chdir(ROOT);
  ts.executeCommandLine(ts.sys, () => undefined, ["--build", ...options, wrapper]);
}
