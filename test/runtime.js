// jest's runtime, with one change: each module is compiled as a vm.Script instead of with vm.compileFunction
// (scripts/module-script.cjs). On Node 20, V8 caches a Script's compile per source text across contexts, and
// compileFunction is never cached (nodejs/node#35375; jestjs/jest#9457): every test file compiled cdktf, the
// provider bindings and the AWS SDK again, and so did every function they called. Measured over the suite:
// about a tenth of jest's CPU. Anything that fails to compile here goes through jest's compile, which reports
// it as jest always has.
const { moduleScript } = require("../scripts/module-script.cjs");
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
        script = moduleScript(source, scriptFilename, executor.injectedModuleParameters, {
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
