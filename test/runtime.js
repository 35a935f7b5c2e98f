// jest's runtime, with one change: each module is compiled as a vm.Script instead of with vm.compileFunction.
// On Node 20, V8 caches a Script's compile per source text across contexts, and compileFunction is never
// cached (nodejs/node#35375; jestjs/jest#9457): every test file compiled cdktf, the provider bindings and the
// AWS SDK again, and so did every function they called. Measured over the suite: about a tenth of jest's CPU.
// The wrapper's own line is taken back with lineOffset, so stack lines and columns are the module's own.
// Anything that fails to compile here goes through jest's compile, which reports it as jest always has. (A
// source that closes the wrapper itself, such as `}, function () {`, would compile here and not there: no
// transpiled or published module is written so.)
const { Script } = require("node:vm");
const Runtime = require("jest-runtime").default;

class ClaimCheckTestRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      const context = executor.environment.getVmContext();
      if (context == null) return null;
      const scriptFilename = executor.resolution.isCoreModule(filename) ? `jest-nodejs-core-${filename}` : filename;
      let script;
      try {
        // A hashbang line is a comment of the same length, as the module's first line.
        const body = source.startsWith("#!") ? `//${source.slice(2)}` : source;
        script = new Script(`(function (${executor.injectedModuleParameters.join(", ")}) {\n${body}\n})`, {
          filename: scriptFilename,
          lineOffset: -1,
          importModuleDynamically: (specifier, _script, attributes, phase) =>
            executor.dynamicImport(specifier, scriptFilename, context, attributes, phase),
        });
      } catch {
        return jestCompile(source, filename);
      }
      return script.runInContext(context);
    };
  }
}

module.exports = ClaimCheckTestRuntime;
