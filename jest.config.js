/** Offline unit and synth tests: no AWS credentials, no network. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // ts-jest transpiles only (isolatedModules in tsconfig.jest.json): `npm test` type-checks with tsc first.
  transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  clearMocks: true,
  // Two workers on two cores: much of the suite waits on subprocesses (terraform, npm, tsc, the CLI).
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
