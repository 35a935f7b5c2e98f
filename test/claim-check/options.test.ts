import { block, parsePolicy, ref, resourceById, resourcesOf, synthClaimCheck } from "../support/synth";

describe("bucket options", () => {
  test("bucketName overrides the default name", () => {
    expect(resourceById(synthClaimCheck({ bucketName: "acme-orders-payloads" }), "aws_s3_bucket", "PayloadBucket").bucket).toBe(
      "acme-orders-payloads",
    );
  });

  test("payloadPrefix scopes the IAM policies and the expiry rule", () => {
    const stack = synthClaimCheck({ payloadPrefix: "tenant-a/payloads/" });
    const bucketArn = ref(stack, "aws_s3_bucket", "PayloadBucket", "arn");
    const producer = parsePolicy(resourceById(stack, "aws_iam_policy", "ProducerPolicy").policy);
    expect(producer.Statement[0].Resource).toBe(`${bucketArn}/tenant-a/payloads/*`);
    const lifecycle = resourceById(stack, "aws_s3_bucket_lifecycle_configuration", "PayloadBucketLifecycle");
    expect(lifecycle.rule[1].filter).toEqual([{ prefix: "tenant-a/payloads/" }]);
  });

  test("versioning: false suspends versioning and drops the version rules", () => {
    const stack = synthClaimCheck({ versioning: false });
    expect(block(resourceById(stack, "aws_s3_bucket_versioning", "PayloadBucketVersioning").versioning_configuration).status).toBe(
      "Suspended",
    );
    const rules = resourceById(stack, "aws_s3_bucket_lifecycle_configuration", "PayloadBucketLifecycle").rule;
    expect(rules.map((r: { id: string }) => r.id)).toEqual([
      "abort-incomplete-multipart-uploads",
      "expire-payloads",
      "expire-consumed-payloads",
    ]);
    expect(rules[1].noncurrent_version_expiration).toBeUndefined();
  });

  test("payloadExpirationDays, noncurrent and abort days are used as given", () => {
    const stack = synthClaimCheck({ payloadExpirationDays: 30, noncurrentVersionExpirationDays: 3, abortIncompleteMultipartUploadDays: 2 });
    const rules = resourceById(stack, "aws_s3_bucket_lifecycle_configuration", "PayloadBucketLifecycle").rule;
    expect(rules[0].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 2 }]);
    expect(rules[1].expiration).toEqual([{ days: 30 }]);
    expect(rules[1].noncurrent_version_expiration).toEqual([{ noncurrent_days: 3 }]);
  });

  test("forceDestroy: true lets destroy empty the bucket", () => {
    expect(resourceById(synthClaimCheck({ forceDestroy: true }), "aws_s3_bucket", "PayloadBucket").force_destroy).toBe(true);
  });

  test("accessLogBucketName turns on server access logging with a per-bucket prefix", () => {
    const stack = synthClaimCheck({ bucketName: "acme-orders", accessLogBucketName: "acme-logs" });
    expect(resourceById(stack, "aws_s3_bucket_logging", "PayloadBucketLogging")).toMatchObject({
      bucket: ref(stack, "aws_s3_bucket", "PayloadBucket", "id"),
      target_bucket: "acme-logs",
      target_prefix: "acme-orders/",
    });
    const custom = synthClaimCheck({ accessLogBucketName: "acme-logs", accessLogPrefix: "s3/orders/" });
    expect(resourceById(custom, "aws_s3_bucket_logging", "PayloadBucketLogging").target_prefix).toBe("s3/orders/");
  });
});

describe("queue options", () => {
  test("every queue setting is passed through", () => {
    const stack = synthClaimCheck({
      maxMessageSize: 262_144,
      visibilityTimeoutSeconds: 900,
      messageRetentionSeconds: 3_600,
      dlqMessageRetentionSeconds: 7_200,
      delaySeconds: 10,
      receiveWaitTimeSeconds: 5,
      maxReceiveCount: 3,
      kmsDataKeyReusePeriodSeconds: 3_600,
    });
    const queue = resourceById(stack, "aws_sqs_queue", "Queue");
    expect(queue).toMatchObject({
      max_message_size: 262_144,
      visibility_timeout_seconds: 900,
      message_retention_seconds: 3_600,
      delay_seconds: 10,
      receive_wait_time_seconds: 5,
      kms_data_key_reuse_period_seconds: 3_600,
    });
    expect(JSON.parse(queue.redrive_policy).maxReceiveCount).toBe(3);
    expect(resourceById(stack, "aws_sqs_queue", "DeadLetterQueue").message_retention_seconds).toBe(7_200);
  });
});

describe("IAM options", () => {
  test("policies are attached to each named role, keyed by role name (for_each)", () => {
    const stack = synthClaimCheck({ producerRoleNames: ["orders-api"], consumerRoleNames: ["orders-worker", "audit"] });
    const attachments = resourcesOf(stack, "aws_iam_role_policy_attachment");
    expect(attachments.map((a) => [a.policy_arn, a.for_each, a.role]).sort()).toEqual([
      [ref(stack, "aws_iam_policy", "ConsumerPolicy", "arn"), { "orders-worker": "orders-worker", audit: "audit" }, "${each.value}"],
      [ref(stack, "aws_iam_policy", "ProducerPolicy", "arn"), { "orders-api": "orders-api" }, "${each.value}"],
    ]);
    expect(stack.resource.aws_iam_user_policy_attachment).toBeUndefined();
  });

  test("no role names, no attachments", () => {
    expect(synthClaimCheck().resource.aws_iam_role_policy_attachment).toBeUndefined();
  });
});

describe("preventDestroy", () => {
  const PROTECTED: [string, string][] = [
    ["aws_s3_bucket", "PayloadBucket"],
    ["aws_kms_key", "Key"],
    ["aws_sqs_queue", "Queue"],
    ["aws_sqs_queue", "DeadLetterQueue"],
  ];

  test("sets lifecycle.prevent_destroy on the bucket, the key and both queues", () => {
    const stack = synthClaimCheck({ preventDestroy: true });
    for (const [type, id] of PROTECTED) expect(resourceById(stack, type, id).lifecycle).toEqual({ prevent_destroy: true });
  });

  test("is off by default", () => {
    const stack = synthClaimCheck();
    for (const [type, id] of PROTECTED) expect(resourceById(stack, type, id).lifecycle).toBeUndefined();
  });
});
