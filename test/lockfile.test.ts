import { readFileSync } from "node:fs";
import { join } from "node:path";

// `npm ci` (npm >= 11.16) rejects a lockfile that lacks an entry for any optional dependency, and the
// registry it was generated against serves only linux builds. scripts/complete-lockfile.mjs adds them;
// this test catches a lockfile regenerated without it (`npm run lock` does both).
test("the lockfile has an entry for every optional dependency, so npm ci accepts it", () => {
  const lock = JSON.parse(readFileSync(join(__dirname, "..", "package-lock.json"), "utf8"));
  const packages: Record<string, { optionalDependencies?: Record<string, string> }> = lock.packages;
  const missing = Object.entries(packages).flatMap(([location, entry]) =>
    Object.keys(entry.optionalDependencies ?? {}).filter(
      (name) => !packages[`node_modules/${name}`] && !packages[`${location}/node_modules/${name}`],
    ),
  );
  expect(missing).toEqual([]);
});
