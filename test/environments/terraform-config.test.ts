import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allEnvironments } from "../../environments";
import { SynthesizedStack, synthEnvironment } from "../support/synth";
import { describeWithTerraform, terraform } from "../support/terraform";

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const VARIANTS = [
  ...allEnvironments({}),
  ...allEnvironments({
    CLAIM_CHECK_PROD_KMS_KEY_ARN: KEY_ARN,
    CLAIM_CHECK_STAGING_PRODUCER_ROLE_NAMES: "orders-api",
    CLAIM_CHECK_DEV_ACCESS_LOG_BUCKET: "acme-logs",
    CLAIM_CHECK_STATE_BUCKET: "acme-state",
  }),
].map((config, i) => [`${config.name}#${i}`, synthEnvironment(config)] as const);

/** Every `type.name` address a stack declares (resources, and data sources as `data.type.name`). */
function declaredAddresses(stack: SynthesizedStack): Set<string> {
  const addresses = new Set<string>();
  for (const [type, byName] of Object.entries(stack.resource)) for (const name of Object.keys(byName)) addresses.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(stack.data ?? {}))
    for (const name of Object.keys(byName)) addresses.add(`data.${type}.${name}`);
  return addresses;
}

/** Every address referenced from an interpolation or a depends_on. */
function referencedAddresses(stack: SynthesizedStack): string[] {
  const json = JSON.stringify(stack);
  const interpolations = [...json.matchAll(/\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_]+)\./g)].map((m) => m[1]);
  const dependsOn = Object.values(stack.resource).flatMap((byName) =>
    Object.values(byName).flatMap((r) => (r.depends_on ?? []) as string[]),
  );
  return [...interpolations, ...dependsOn];
}

describe.each(VARIANTS)("synthesized %s", (_name, stack) => {
  test("every reference points at a resource or data source the stack declares", () => {
    const declared = declaredAddresses(stack);
    const references = referencedAddresses(stack);
    expect(references.length).toBeGreaterThan(10);
    expect(references.filter((address) => !declared.has(address))).toEqual([]);
  });

  test("no unresolved cdktf token leaks into the output", () => {
    expect(JSON.stringify(stack)).not.toMatch(/TfToken|\$\{Token\[/);
  });
});

// `terraform providers` loads and checks a configuration without downloading providers. The backend
// is dropped first: loading it would need `terraform init`.
describeWithTerraform("the terraform CLI loads each stack", () => {
  test.each(VARIANTS)("%s", (_name, stack) => {
    const dir = mkdtempSync(join(tmpdir(), "claim-check-tf-"));
    try {
      const { backend: _backend, ...terraformBlock } = stack.terraform;
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ ...stack, terraform: terraformBlock }));
      const result = terraform(dir, ["providers", "-no-color"]);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("provider[registry.terraform.io/hashicorp/aws] 6.25.0");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
