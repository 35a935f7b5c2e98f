/** Offline unit and synth tests: no AWS credentials, no network. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": "ts-jest" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  clearMocks: true,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
