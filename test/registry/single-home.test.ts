import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Review 8, item 6: each fact both renderers write lives once, in modules/claim-check/spec/. The
 * renderers (the construct's files and the Registry module's generator) must not spell it out again.
 */
const ROOT = join(__dirname, "..", "..");
const RENDERERS = [
  ...readdirSync(join(ROOT, "modules/claim-check"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `modules/claim-check/${f}`),
  "tools/registry-module/module.ts",
];

const FACTS: [string, RegExp][] = [
  ["lifecycle rule ids", /abort-incomplete-multipart-uploads|"expire-payloads"|remove-expired-delete-markers|expire-consumed-payloads/],
  ["the default key alias", /alias\/\$\{/],
  ["the key description", /Encrypts claim-check payloads/],
  ["policy names and descriptions", /Least-privilege|-producer"|-consumer"/],
  ["the role principal ARN format", /:role\/\$\{/],
  ["versioning status", /"Suspended"/],
  ["object ownership", /BucketOwnerEnforced/],
  ["the redrive-allow policy", /byQueue/],
  ["the default access-log prefix", /_name\}\/"|bucketName\}\/`/],
];

test.each(FACTS)("%s: spelt out in spec/ only", (_fact, pattern) => {
  const offenders = RENDERERS.filter((file) => pattern.test(readFileSync(join(ROOT, file), "utf8")));
  expect(offenders).toEqual([]);
});
