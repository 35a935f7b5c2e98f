import { configFromTerraformOutputs } from "../../client/config";
import { CLIENT_OUTPUTS, OUTPUT_CONTRACT, OUTPUT_NAMES } from "../../modules/claim-check/spec";
import { resolveStack } from "../security/support/sample-stack";
import { synthWithOutputs } from "../support/synth";
import { buildModule, describeWithTerraform } from "../support/terraform";
import { evaluateModule } from "./support/evaluate-module";

/** The output contract ties the construct, the Registry module and the client's config reader together. */
const constructOutputs = resolveStack(synthWithOutputs({ name: "orders", environment: "test" })).output!;

test("the construct declares exactly the contract's outputs, with its descriptions", () => {
  expect(Object.keys(constructOutputs).sort()).toEqual([...OUTPUT_NAMES].sort());
  for (const name of OUTPUT_NAMES) expect(constructOutputs[name].description).toBe(OUTPUT_CONTRACT[name].description);
});

test("the client reads its configuration from the construct's real outputs", () => {
  const config = configFromTerraformOutputs(constructOutputs);
  expect(config).toEqual({
    bucketName: constructOutputs.bucket_name.value,
    payloadPrefix: "payloads/",
    queueUrl: constructOutputs.queue_url.value,
    kmsKeyArn: constructOutputs.kms_key_arn.value,
    maxMessageSize: 1_048_576,
  });
  expect(CLIENT_OUTPUTS.every((name) => name in constructOutputs)).toBe(true);
});

describeWithTerraform("the Registry module's outputs", () => {
  test("give the client the same configuration as the construct's", async () => {
    const module = await evaluateModule(buildModule(), { name: "orders", environment: "test" });
    expect(Object.keys(module.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(configFromTerraformOutputs(module.outputs)).toEqual(configFromTerraformOutputs(constructOutputs));
  }, 60_000);
});
