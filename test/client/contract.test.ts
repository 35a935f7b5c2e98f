import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLAIM_MESSAGE_SCHEMA, ClaimCheckConfigError, configFromTerraformOutputs, defaultInlineThreshold, MalformedClaimError, parseClaimMessage } from "../../client";

const VALID = {
  schema_version: "1.0",
  s3_bucket: "claimcheck-dev-payloads-111122223333-eu-west-1",
  s3_key: "payloads/2025-08-06/3f2b7c1e-8d4a-4f6b-9a51-0c7d2e9f1a3b",
  size: 1234,
  sha256: "a".repeat(64),
  content_type: "application/json",
  metadata: { submitted_by: "service-A", timestamp: "2025-08-06T12:34:56Z" },
};

describe("the claim message contract", () => {
  test("keeps the seed's fields and accepts a valid claim", () => {
    expect(parseClaimMessage(JSON.stringify(VALID))).toEqual(VALID);
    expect(parseClaimMessage(JSON.stringify({ ...VALID, version_id: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" }))).toHaveProperty("version_id");
  });

  test("accepts an inline payload without bucket or key", () => {
    const { s3_bucket: _b, s3_key: _k, ...envelope } = VALID;
    expect(() => parseClaimMessage(JSON.stringify({ ...envelope, inline: { encoding: "base64", data: "aGk=" } }))).not.toThrow();
  });

  test.each([
    ["a claim with both a key and an inline payload", { ...VALID, inline: { encoding: "base64", data: "aGk=" } }],
    ["an unknown schema version", { ...VALID, schema_version: "2.0" }],
    ["a missing submitted_by", { ...VALID, metadata: { timestamp: VALID.metadata.timestamp } }],
    ["a local timestamp", { ...VALID, metadata: { ...VALID.metadata, timestamp: "2025-08-06 12:34" } }],
    ["a negative size", { ...VALID, size: -1 }],
    ["an unknown field", { ...VALID, url: "https://example.com" }],
  ])("rejects %s, naming the problem", (_name, body) => {
    expect(() => parseClaimMessage(JSON.stringify(body))).toThrow(MalformedClaimError);
  });

  test("the schema ships in docs/ exactly as the client uses it", () => {
    const docs = JSON.parse(readFileSync(join(__dirname, "../../docs/claim-message.schema.json"), "utf8"));
    expect(docs).toEqual(CLAIM_MESSAGE_SCHEMA);
  });
});

describe("configuration from the module's outputs", () => {
  const OUTPUTS = {
    bucket_name: { value: "claimcheck-prod-payloads-111122223333-eu-west-1", sensitive: false, type: "string" },
    payload_prefix: { value: "payloads/" },
    queue_url: { value: "https://sqs.eu-west-1.amazonaws.com/111122223333/claimcheck-prod-claims" },
    kms_key_arn: { value: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
    max_message_size: { value: 1048576 },
  };

  test("reads `terraform output -json`", () => {
    expect(configFromTerraformOutputs(OUTPUTS)).toEqual({
      bucketName: OUTPUTS.bucket_name.value,
      payloadPrefix: "payloads/",
      queueUrl: OUTPUTS.queue_url.value,
      kmsKeyArn: OUTPUTS.kms_key_arn.value,
      maxMessageSize: 1048576,
    });
  });

  test("reports every missing or bad value at once", () => {
    const build = () => configFromTerraformOutputs({ ...OUTPUTS, queue_url: { value: "" }, payload_prefix: { value: "payloads" }, kms_key_arn: undefined });
    expect(build).toThrow(ClaimCheckConfigError);
    expect(build).toThrow(
      [
        "invalid claim-check configuration:",
        '- queue_url must be a non-empty string, but "" was given',
        "- kms_key_arn must be a non-empty string, but undefined was given",
        '- payload_prefix must end with "/", but "payloads" was given',
      ].join("\n"),
    );
  });

  test("the inline threshold leaves room for base64 and the envelope", () => {
    expect(defaultInlineThreshold(1_048_576)).toBe(783_360);
    expect(Math.ceil((defaultInlineThreshold(262_144) * 4) / 3) + 4096).toBeLessThanOrEqual(262_144);
  });
});
