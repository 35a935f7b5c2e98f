import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

// `npm ci` (npm >= 11.16) rejects a lockfile that lacks an entry for any optional dependency, and the
// registry it was generated against serves only linux builds. scripts/complete-lockfile.mjs adds them;
// this test catches a lockfile regenerated without it (`npm run lock` does both).
test("the lockfile has an entry for every optional dependency, so npm ci accepts it", () => {
  const packages: Record<string, { optionalDependencies?: Record<string, string> }> = lock.packages;
  const missing = Object.entries(packages).flatMap(([location, entry]) =>
    Object.keys(entry.optionalDependencies ?? {}).filter(
      (name) => !packages[`node_modules/${name}`] && !packages[`${location}/node_modules/${name}`],
    ),
  );
  expect(missing).toEqual([]);
});

// npm copies these package.json fields into the lockfile's root entry (packages[""]) on every install.
// When they disagree, `npm run lock` (or any `npm install`) rewrites the committed lockfile.
const ROOT_ENTRY_FIELDS = [
  "name",
  "version",
  "license",
  "bin",
  "engines",
  "os",
  "cpu",
  "funding",
  "workspaces",
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
  "peerDependenciesMeta",
];

test("the lockfile's root entry agrees with package.json, so `npm run lock` leaves it unchanged", () => {
  const fromPackageJson = Object.fromEntries(ROOT_ENTRY_FIELDS.filter((f) => pkg[f] !== undefined).map((f) => [f, pkg[f]]));
  const fromLockfile = Object.fromEntries(
    ROOT_ENTRY_FIELDS.filter((f) => lock.packages[""][f] !== undefined).map((f) => [f, lock.packages[""][f]]),
  );
  expect(fromLockfile).toEqual(fromPackageJson);
  expect({ name: lock.name, version: lock.version }).toEqual({ name: pkg.name, version: pkg.version });
});
