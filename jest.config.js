/** Offline unit and synth tests: no AWS credentials, no network. */
const { availableParallelism } = require("node:os");

// The AWS SDK warns once per process that it will need Node 22 from 2027 (docs/client.md says so): on Node 20
// every jest worker printed it. Set here, before the workers start, so they inherit it; users still see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

module.exports = {
  testEnvironment: "<rootDir>/test/environment.js",
  // In the project's cache folder, not jest's default in the shared OS temp folder, where another user could
  // make the folder first and plant transformed code (scripts/cache-dir.cjs).
  cacheDirectory: require("./scripts/cache-dir.cjs").cacheDir("jest"),
  // jest's runtime, compiling modules so that V8 can reuse a compile across test files (see the file).
  runtime: "<rootDir>/test/runtime.js",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // SWC transpiles each file alone, without type-checking: `npm test` runs tsc first, with isolatedModules
  // (tsconfig.json), which rejects code a per-file transpiler would get wrong. Several times faster than
  // ts-jest, which matters most on a fresh clone, where jest's transform cache is empty.
  transform: {
    "^.+\\.tsx?$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
        sourceMaps: "inline",
      },
    ],
  },
  globalSetup: "<rootDir>/test/client/global-setup.ts",
  globalTeardown: "<rootDir>/test/client/global-teardown.ts",
  clearMocks: true,
  // Two workers per core (at most 8): much of the suite waits on subprocesses (npm, tsc, terraform, Chromium)
  // and on SQS visibility timeouts, and one worker per core left the cores a third idle.
  maxWorkers: Math.min(8, 2 * availableParallelism()),
  // CPU-bound tests (simulator sweeps, synth) share 2 cores with a second worker and subprocesses: 5 s is too
  // tight for a busy machine. Tests that wait on something longer set their own timeout.
  testTimeout: 20_000,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
