/** Offline unit and synth tests: no AWS credentials, no network. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": "ts-jest" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/client/global-setup.ts", globalTeardown: "<rootDir>/test/client/global-teardown.ts",
  clearMocks: true,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
