import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CLAIM_MESSAGE_SCHEMA,
  ClaimCheckConfigError,
  configFromTerraformOutputs,
  defaultInlineThreshold,
  MalformedClaimError,
  parseClaimMessage,
  readClaimMessage,
  verificationOf,
} from "../../client";
import { CLIENT_OUTPUTS } from "../../modules/claim-check/spec/output-contract";
import { synthWithOutputs } from "../support/synth";

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
    const envelope = Object.fromEntries(Object.entries(VALID).filter(([field]) => field !== "s3_bucket" && field !== "s3_key"));
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
    const build = () =>
      configFromTerraformOutputs({ ...OUTPUTS, queue_url: { value: "" }, payload_prefix: { value: "payloads" }, kms_key_arn: undefined });
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

describe("messages from producers this project did not write", () => {
  const FORMATS = JSON.parse(readFileSync(join(__dirname, "fixtures/wire-formats.json"), "utf8"));

  test("the seed's own example message is a claim, read as unverified", () => {
    const { claim, format } = readClaimMessage(FORMATS.seed.body);
    expect(format).toBe("seed");
    expect(claim).toEqual({
      s3_bucket: "dev-claimcheck-bucket",
      s3_key: "payloads/2025-08-06/uuid.json",
      metadata: { submitted_by: "service-A", timestamp: "2025-08-06T12:34:56Z" },
    });
    expect(verificationOf(claim)).toBe("none");
  });

  test.each([
    ["extendedClientJava", "payloads/2025-08-06/5b2d9c1e-7f3a-4c8e-9d21-0a6f4e8b3c17", 262145],
    ["extendedClientPython", "payloads/2025-08-06/0f5c8a2e-1b4d-4e7f-8a9c-3d2e1f0a9b8c", 300000],
    ["extendedClientLegacy", "payloads/2025-08-06/legacy", 1048577],
  ])("the AWS SQS Extended Client pointer (%s) is a claim whose size is verified", (name, key, size) => {
    const { claim, format } = readClaimMessage(FORMATS[name].body, FORMATS[name].attributes);
    expect(format).toBe("extended-client");
    expect(claim).toEqual({ s3_bucket: "dev-claimcheck-bucket", s3_key: key, size });
    expect(verificationOf(claim)).toBe("size");
  });

  test("a malformed body gets one readable reason per problem, not a list of oneOf branches", () => {
    let error: MalformedClaimError | undefined;
    try {
      parseClaimMessage(JSON.stringify({ s3_bucket: "bucket-a", metadata: { submitted_by: "a", timestamp: "2026-11-21T00:00:00Z" } }));
    } catch (e) {
      error = e as MalformedClaimError;
    }
    expect(error?.problems).toEqual(["a claim needs s3_bucket and s3_key (a payload in S3) or inline (a payload in the message)"]);
    expect(() => parseClaimMessage(JSON.stringify({ ...VALID, inline: { encoding: "base64", data: "aGk=" } }))).toThrow(
      "malformed claim message: a claim carries either s3_bucket and s3_key (a payload in S3) or inline (a payload in the message), not both",
    );
    expect(() => parseClaimMessage(JSON.stringify({ ...VALID, size: -1, sha256: "xyz" }))).toThrow(
      'malformed claim message: /size must be >= 0 (got -1); /sha256 must match pattern "^[0-9a-f]{64}$" (got "xyz")',
    );
    expect(() => parseClaimMessage(JSON.stringify(["software.amazon.payloadoffloading.PayloadS3Pointer", { s3Key: "k" }]))).toThrow(
      "malformed claim message: s3BucketName must be a non-empty string (got undefined)",
    );
  });
});

describe("configuration from the construct's own synthesized outputs", () => {
  test("the client reads every output it needs, by the names of the output contract", () => {
    const stack = synthWithOutputs();
    const config = configFromTerraformOutputs(stack.output!);
    expect(config).toEqual({
      bucketName: stack.output!.bucket_name.value,
      payloadPrefix: "payloads/",
      queueUrl: stack.output!.queue_url.value,
      kmsKeyArn: stack.output!.kms_key_arn.value,
      maxMessageSize: 1_048_576,
    });
    expect(config.bucketName).toMatch(/^\$\{aws_s3_bucket\.\w+\.bucket\}$/);
    for (const name of CLIENT_OUTPUTS) expect(Object.keys(stack.output!)).toContain(name);
  });

  test("reads a `cdktf output --outputs-file` file keyed by stack, and asks which stack when there are several", () => {
    const values = {
      bucket_name: "b-dev",
      payload_prefix: "payloads/",
      queue_url: "https://q",
      kms_key_arn: "arn:k",
      max_message_size: 262144,
    };
    expect(configFromTerraformOutputs({ "claim-check-dev": values })).toMatchObject({ bucketName: "b-dev", maxMessageSize: 262144 });
    const two = { dev: values, prod: { ...values, bucket_name: "b-prod" } };
    expect(() => configFromTerraformOutputs(two)).toThrow('the outputs hold several stacks ["dev","prod"]: choose one (--stack)');
    expect(configFromTerraformOutputs(two, "prod").bucketName).toBe("b-prod");
    expect(() => configFromTerraformOutputs(two, "staging")).toThrow('stack "staging" is not in the outputs; found stacks: ["dev","prod"]');
  });
});
