import { ref, synthWithOutputs } from "../support/synth";

const OUTPUT_NAMES = [
  "bucket_name",
  "bucket_arn",
  "payload_prefix",
  "queue_url",
  "queue_arn",
  "dlq_url",
  "dlq_arn",
  "max_message_size",
  "payload_expiration_days",
  "kms_key_arn",
  "kms_key_alias",
  "producer_policy_arn",
  "consumer_policy_arn",
  "producer_policy_json",
  "consumer_policy_json",
  "required_kms_key_policy_statements",
];

describe("outputs with a created key", () => {
  const stack = synthWithOutputs();
  const value = (name: string) => stack.output![name].value;

  test("have stable snake_case names and a description each", () => {
    expect(Object.keys(stack.output!).sort()).toEqual([...OUTPUT_NAMES].sort());
    for (const name of OUTPUT_NAMES) expect(stack.output![name].description).toMatch(/\w+/);
  });

  test("point at the module's resources", () => {
    expect(value("bucket_name")).toBe(ref(stack, "aws_s3_bucket", "PayloadBucket", "bucket"));
    expect(value("bucket_arn")).toBe(ref(stack, "aws_s3_bucket", "PayloadBucket", "arn"));
    expect(value("queue_url")).toBe(ref(stack, "aws_sqs_queue", "Queue", "url"));
    expect(value("queue_arn")).toBe(ref(stack, "aws_sqs_queue", "Queue", "arn"));
    expect(value("dlq_url")).toBe(ref(stack, "aws_sqs_queue", "DeadLetterQueue", "url"));
    expect(value("dlq_arn")).toBe(ref(stack, "aws_sqs_queue", "DeadLetterQueue", "arn"));
    expect(value("kms_key_arn")).toBe(ref(stack, "aws_kms_key", "Key", "arn"));
    expect(value("kms_key_alias")).toBe(ref(stack, "aws_kms_alias", "KeyAlias", "name"));
    expect(value("producer_policy_arn")).toBe(ref(stack, "aws_iam_policy", "ProducerPolicy", "arn"));
    expect(value("consumer_policy_arn")).toBe(ref(stack, "aws_iam_policy", "ConsumerPolicy", "arn"));
  });

  test("carry plain values and the finished policy documents", () => {
    expect(value("payload_prefix")).toBe("payloads/");
    expect(value("max_message_size")).toBe(1_048_576);
    expect(value("payload_expiration_days")).toBe(19);
    const policies = stack.resource.aws_iam_policy;
    expect(value("producer_policy_json")).toBe(Object.values(policies).find((p) => p.name === "orders-producer").policy);
    expect(JSON.parse(value("consumer_policy_json") as string).Statement[0].Sid).toBe("ConsumeClaims");
    expect(JSON.parse(value("required_kms_key_policy_statements") as string)).toEqual([]);
  });
});

describe("outputs with an existing key", () => {
  const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const stack = synthWithOutputs({ existingKmsKeyArn: KEY_ARN });

  test("give the key ARN, a null alias, and the statements for the key owner", () => {
    expect(Object.keys(stack.output!).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(stack.output!.kms_key_arn.value).toBe(KEY_ARN);
    expect(stack.output!.kms_key_alias.value).toBeNull();
    const statements = JSON.parse(stack.output!.required_kms_key_policy_statements.value as string);
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual([
      "ClaimCheckProducersViaS3",
      "ClaimCheckProducersViaSqs",
      "ClaimCheckConsumersViaS3",
      "ClaimCheckConsumersViaSqs",
    ]);
  });
});
