import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { bundleHandler, FUNCTION_ROLES, FUNCTIONS } from "../../modules/orders";

jest.setTimeout(120_000);

/**
 * What `typeof require(file).handler` is for each file, loaded by plain Node (not jest's module system) with
 * no AWS settings in its environment, as a fresh Lambda runtime loads a handler. One Node process loads them
 * all, one after another: the bundles are self-contained and share nothing, and a process per bundle would
 * cost a second of CPU more.
 */
function loadInNode(files: string[]): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  const script = `const found = {};
    for (const file of process.argv.slice(1)) {
      try { found[file] = typeof require(file).handler; } catch (error) { found[file] = "failed to load: " + error.message; }
    }
    process.stdout.write(JSON.stringify(found));`;
  const result = spawnSync(process.execPath, ["-e", script, ...files], { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`loading the bundles failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// What Lambda loads: the esbuild bundle of each handler module, self-contained (AWS SDK included).
let bundles: Record<string, string>;
let loaded: Record<string, string>;
beforeAll(() => {
  bundles = Object.fromEntries(FUNCTION_ROLES.map((role) => [role, join(bundleHandler(FUNCTIONS[role].module), "index.js")]));
  loaded = loadInNode(Object.values(bundles));
});

test.each(FUNCTION_ROLES)("the %s bundle loads without AWS settings and exports a handler", (role) => {
  const file = bundles[role];
  expect(statSync(file).size).toBeGreaterThan(1000);
  expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024);
  expect(loaded[file]).toBe("function");
});
