// A CommonJS module compiled as a vm.Script that evaluates to the module's wrapper function, instead of with
// vm.compileFunction as Node 20 and jest do: V8 can cache a Script's compile (in memory across contexts, and
// on disk as cached data), never compileFunction's (nodejs/node#35375). One home for the wrapper, used by the
// jest runtime (test/runtime.js) and the launcher's compile cache (scripts/compile-cache.cjs).
// The wrapper's own line is taken back with lineOffset, so stack lines and columns are the module's own, and
// a hashbang line becomes a comment of the same length. (A source that closes the wrapper itself, such as
// `}, function () {`, would compile here and not under Node: no transpiled or published module is written so.)
const { Script } = require("node:vm");

/**
 * @param {string} source the module's text
 * @param {string} filename its path, as stack traces show it
 * @param {readonly string[]} parameters the names the wrapper function takes (exports, require, module, ...)
 * @param {import("node:vm").ScriptOptions} [options] more vm.Script options (cachedData, importModuleDynamically)
 * @returns {Script} throws the SyntaxError V8 reports for a module that does not compile
 */
function moduleScript(source, filename, parameters, options = {}) {
  const body = source.startsWith("#!") ? `//${source.slice(2)}` : source;
  return new Script(`(function (${parameters.join(", ")}) {\n${body}\n})`, { ...options, filename, lineOffset: -1 });
}

module.exports = { moduleScript };
