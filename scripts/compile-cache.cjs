// Node 22 keeps V8's compiled code of every CommonJS module on disk (module.enableCompileCache); Node 20 has
// no such cache, so every synth compiled cdktf, the provider bindings and this project again (about 6 % of
// the synth app's run). This is the same cache for Node 20, used by scripts/ts-run.cjs and the CLI tests'
// launcher (test/support/bundled-cli.ts) where the built-in one is missing.
// Each module is compiled as a vm.Script (scripts/module-script.cjs) with the cached data of an earlier run,
// if any; at exit, each module compiled without usable cached data has it written, after it ran, so that
// the functions compiled while running are in it too. As in Node 22, there is one cache file per module path
// (and node version and flags, since V8 rejects cached data made under others), holding a CRC-32 of the text
// it was made from (V8 itself checks only the text's length) and one of the data: a changed module or a
// damaged file is compiled afresh and its file replaced, atomically, so parallel runs never read half of one.
// Left to Node's own compile, which reports errors as it always has: ES modules, a module that fails to
// compile here, and any module that may call import(), since on Node 20 a Script compiled from cached data
// loses its dynamic-import callback ("A dynamic import callback was not specified"). Nothing is cached with
// --enable-source-maps (Node reads a module's source map as it compiles it) or under a debugger (Node pauses
// on the main module's first line as it compiles it).
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join } = require("node:path");
const { crc32 } = require("node:zlib");
const { moduleScript } = require("./module-script.cjs");

const PARAMETERS = ["exports", "require", "module", "__filename", "__dirname"];
const RUNTIME = JSON.stringify([process.versions.v8, process.execArgv, process.env.NODE_OPTIONS ?? ""]);
// `import(`, also with a comment before the parenthesis. Mentions in comments only cost a cache miss.
const DYNAMIC_IMPORT = /\bimport\s*(?:\(|\/[*/])/;

/** The `require` Node gives a module (lib/internal/modules/helpers.js makeRequireFunction, without policies). */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** A cache file's data: [CRC-32 of the module's text][CRC-32 of the data][V8's cached data], if it is for this text and whole. */
function readCachedData(file, sourceChecksum) {
  let stored;
  try {
    stored = readFileSync(file);
  } catch {
    return undefined; // not cached yet
  }
  const data = stored.subarray(8);
  const whole = stored.length > 8 && stored.readUInt32LE(0) === sourceChecksum && stored.readUInt32LE(4) === crc32(data);
  return whole ? data : undefined;
}

/** Keeps V8's compiled code of CommonJS modules in `dir`: Node's own cache from 22.1 on, this one before. */
function installCompileCache(dir) {
  if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache(dir);
    return;
  }
  if (typeof crc32 !== "function") return;
  if (process.sourceMapsEnabled || require("node:inspector").url() !== undefined) return;
  const nodeCompile = Module.prototype._compile;
  const unsaved = new Map(); // cache file -> the module's text checksum and its Script, compiled without usable cached data

  Module.prototype._compile = function _compile(content, filename, format) {
    if (format === "module" || DYNAMIC_IMPORT.test(content)) {
      return nodeCompile.call(this, content, filename, format);
    }
    const file = join(dir, `${createHash("sha256").update(`${RUNTIME}\0${filename}`).digest("hex")}.v8`);
    const sourceChecksum = crc32(content);
    const cachedData = readCachedData(file, sourceChecksum);
    let script;
    try {
      script = moduleScript(content, filename, PARAMETERS, { cachedData });
    } catch {
      return nodeCompile.call(this, content, filename, format);
    }
    if (cachedData === undefined || script.cachedDataRejected) unsaved.set(file, { sourceChecksum, script });
    const wrapper = script.runInThisContext();
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };

  process.once("exit", () => {
    if (unsaved.size === 0) return;
    try {
      mkdirSync(dir, { recursive: true });
      for (const [file, { sourceChecksum, script }] of unsaved) {
        const data = script.createCachedData();
        const checksums = Buffer.alloc(8);
        checksums.writeUInt32LE(sourceChecksum, 0);
        checksums.writeUInt32LE(crc32(data), 4);
        const partial = `${file}.${process.pid}`;
        writeFileSync(partial, Buffer.concat([checksums, data]));
        renameSync(partial, file);
      }
    } catch {
      // A cache that cannot be written only costs the next run its compile.
    }
  });
}

module.exports = { installCompileCache };
