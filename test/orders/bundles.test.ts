import { statSync } from "node:fs";
import { join } from "node:path";
import { bundleHandler, FUNCTION_ROLES, FUNCTIONS } from "../../modules/orders";

jest.setTimeout(120_000);

// What Lambda loads: the esbuild bundle of each handler module, self-contained (AWS SDK included).
test.each(FUNCTION_ROLES)("the %s bundle loads without AWS settings and exports a handler", (role) => {
  const dir = bundleHandler(FUNCTIONS[role].module);
  const file = join(dir, "index.js");
  expect(statSync(file).size).toBeGreaterThan(1000);
  expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the bundle exactly as the Lambda runtime does
  const loaded = require(file) as { handler?: unknown };
  expect(typeof loaded.handler).toBe("function");
});
