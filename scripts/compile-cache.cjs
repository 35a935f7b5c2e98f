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
// compile here, a module that may call import() (a Script can only with a callback that Node 20 offers behind
// --experimental-vm-modules, or as an experimental loader that warns; an import() put together at run time,
// as in eval, is not seen and fails), and every module while Module.wrap or Module.wrapper is patched or
// source maps are on (Node reads a module's source map as it compiles it). Not installed at all where Node
// or another hook watches each compile: under a debugger (Node pauses on the main module's first line),
// with NODE_V8_COVERAGE (coverage ranges are of Node's compile), or with a preloaded hook or policy (-r,
// --require, --import, --loader, --experimental-policy) that may have wrapped Node's compile itself.
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join } = require("node:path");
const { crc32 } = require("node:zlib");
const { writeAtomic } = require("./cache-dir.cjs");
const { moduleScript } = require("./module-script.cjs");

const PARAMETERS = ["exports", "require", "module", "__filename", "__dirname"];
// Node marks a CommonJS module as executing while its wrapper runs, to refuse an ES module importing it back
// in a cycle (ERR_REQUIRE_CYCLE_MODULE); its symbol is on every module Node compiled, this one included.
const kIsExecuting = Object.getOwnPropertySymbols(module).find((symbol) => symbol.description === "kIsExecuting");
const RUNTIME = JSON.stringify([process.versions.v8, process.execArgv, process.env.NODE_OPTIONS ?? ""]);
// `import(`, also with a comment before the parenthesis. Mentions in comments only cost a cache miss.
const DYNAMIC_IMPORT = /\bimport\s*(?:\(|\/[*/])/;
const FOREIGN_HOOKS = /(?:^|\s)(?:-r|--require|--import|--loader|--experimental-loader|--experimental-policy)(?:[\s=]|$)/;

/** The `require` Node gives a module (lib/internal/modules/helpers.js makeRequireFunction, without policies). */
function requireFor(module) {
  // A bad argument gets Node's own error (ERR_INVALID_ARG_TYPE), from a require Node made.
  const nodeRequire = () => Module.createRequire(module.filename);
  const require = function require(id) {
    return module.require(id);
  };
  require.resolve = function resolve(request, options) {
    return typeof request === "string" ? Module._resolveFilename(request, module, false, options) : nodeRequire().resolve(request, options);
  };
  require.resolve.paths = function paths(request) {
    return typeof request === "string" ? Module._resolveLookupPaths(request, module) : nodeRequire().resolve.paths(request);
  };
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** Whether Node or a hook of someone else's watches each compile, so that this cache must stay out of the way. */
function compileIsWatched() {
  const flags = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  return FOREIGN_HOOKS.test(flags) || process.env.NODE_V8_COVERAGE !== undefined || require("node:inspector").url() !== undefined;
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
  if (typeof crc32 !== "function" || compileIsWatched()) return;
  const nodeCompile = Module.prototype._compile;
  const [wrap, [wrapperStart, wrapperEnd]] = [Module.wrap, Module.wrapper];
  const nodeMustCompile = (content, format) =>
    format === "module" ||
    DYNAMIC_IMPORT.test(content) ||
    process.sourceMapsEnabled ||
    Module.wrap !== wrap ||
    Module.wrapper[0] !== wrapperStart ||
    Module.wrapper[1] !== wrapperEnd;
  const unsaved = new Map(); // cache file -> the module's text checksum and its Script, compiled without usable cached data

  Module.prototype._compile = function _compile(content, filename, format) {
    if (nodeMustCompile(content, format)) return nodeCompile.call(this, content, filename, format);
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
    // As Node's _compile: set while the wrapper runs, and left set if it throws.
    if (kIsExecuting) this[kIsExecuting] = true;
    const result = wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
    if (kIsExecuting) this[kIsExecuting] = false;
    return result;
  };

  process.once("exit", () => {
    for (const [file, { sourceChecksum, script }] of unsaved) {
      try {
        const data = script.createCachedData();
        const checksums = Buffer.alloc(8);
        checksums.writeUInt32LE(sourceChecksum, 0);
        checksums.writeUInt32LE(crc32(data), 4);
        writeAtomic(file, Buffer.concat([checksums, data]));
      } catch {
        // A cache file that cannot be written (a full disk) only costs the next run that module's compile.
      }
    }
  });
}

module.exports = { installCompileCache };
