import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import { CLAIM_CHECK_DEFAULTS } from "../../modules/claim-check";
import {
  address,
  block,
  dataRef,
  parsePolicy,
  ref,
  resourceById,
  resourcesOf,
  synthClaimCheck,
  synthClaimCheckString,
} from "../support/synth";

// cdktf's jest matchers (toHaveResourceWithProperties), registered only where used: loading cdktf in every
// test file, client tests included, cost a quarter of a second of CPU each.
Testing.setupJest();

// GIVEN a ClaimCheck with only a name (and an environment label)
const stack = synthClaimCheck();
const synthesized = synthClaimCheckString();
const KEY_ARN = ref(stack, "aws_kms_key", "Key", "arn");
const ACCOUNT_ID = dataRef(stack, "aws_caller_identity", "Account", "account_id");
const REGION = dataRef(stack, "aws_region", "Region", "region");
const PARTITION = dataRef(stack, "aws_partition", "Partition", "partition");

describe("payload bucket defaults", () => {
  const bucket = resourceById(stack, "aws_s3_bucket", "PayloadBucket");

  test("is named after name, account and region, so it is unique across AWS", () => {
    expect(bucket.bucket).toBe(`orders-payloads-${ACCOUNT_ID}-${REGION}`);
  });

  test("is not force-destroyed and has no ACL", () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { force_destroy: false });
    expect(bucket.acl).toBeUndefined();
    expect(stack.resource.aws_s3_bucket_acl).toBeUndefined();
  });

  test("blocks all four kinds of public access", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: ref(stack, "aws_s3_bucket", "PayloadBucket", "id"),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("disables ACLs with BucketOwnerEnforced", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  test("encrypts with SSE-KMS, the module's full key ARN, and a bucket key", () => {
    const encryption = resourceById(stack, "aws_s3_bucket_server_side_encryption_configuration", "PayloadBucketEncryption");
    const rule = block(encryption.rule);
    expect(rule.bucket_key_enabled).toBe(true);
    expect(block(rule.apply_server_side_encryption_by_default)).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: KEY_ARN,
    });
  });

  test("is versioned by default", () => {
    const versioning = resourceById(stack, "aws_s3_bucket_versioning", "PayloadBucketVersioning");
    expect(block(versioning.versioning_configuration).status).toBe("Enabled");
  });

  test("aborts incomplete multipart uploads bucket-wide and expires payloads under the prefix", () => {
    const lifecycle = resourceById(stack, "aws_s3_bucket_lifecycle_configuration", "PayloadBucketLifecycle");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON and parsed HCL take any shape
    const rules = lifecycle.rule as Record<string, any>[];
    expect(rules.map((r) => r.id)).toEqual([
      "abort-incomplete-multipart-uploads",
      "expire-payloads",
      "expire-consumed-payloads",
      "remove-expired-delete-markers",
    ]);
    expect(rules[0]).toMatchObject({ status: "Enabled", filter: [{}], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] });
    // 14 d DLQ retention + 4 d redrive + 1 d margin = 19 days
    expect(rules[1]).toMatchObject({
      status: "Enabled",
      filter: [{ prefix: "payloads/" }],
      expiration: [{ days: 19 }],
      noncurrent_version_expiration: [{ noncurrent_days: 7 }],
    });
    expect(rules[2]).toEqual({
      id: "expire-consumed-payloads",
      status: "Enabled",
      filter: [{ and: [{ prefix: "payloads/", tags: { ClaimCheckState: "consumed" } }] }],
      expiration: [{ days: 1 }],
    });
    expect(rules[3]).toMatchObject({ filter: [{ prefix: "payloads/" }], expiration: [{ expired_object_delete_marker: true }] });
    expect(lifecycle.depends_on).toEqual([address(stack, "aws_s3_bucket_versioning", "PayloadBucketVersioning")]);
  });

  test("has a bucket policy that waits for the public access block", () => {
    const policy = resourceById(stack, "aws_s3_bucket_policy", "PayloadBucketPolicy");
    expect(policy.depends_on).toEqual([address(stack, "aws_s3_bucket_public_access_block", "PayloadBucketPublicAccessBlock")]);
    expect(parsePolicy(policy.policy).Statement.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "DenyOutdatedTls",
      "DenyUploadsWithOtherEncryption",
      "DenyUploadsWithOtherKmsKey",
      "DenyUploadsWithTheAwsManagedKey",
      "DenyUploadsWithSseC",
    ]);
  });

  test("has no access logging unless a log bucket is given", () => {
    expect(stack.resource.aws_s3_bucket_logging).toBeUndefined();
  });
});

describe("queue defaults", () => {
  const queue = resourceById(stack, "aws_sqs_queue", "Queue");
  const dlq = resourceById(stack, "aws_sqs_queue", "DeadLetterQueue");

  test("both queues use the customer-managed key, never alias/aws/sqs or SSE-SQS", () => {
    for (const q of [queue, dlq]) {
      expect(q.kms_master_key_id).toBe(KEY_ARN);
      expect(q.sqs_managed_sse_enabled).toBeUndefined();
      expect(q.kms_data_key_reuse_period_seconds).toBe(300);
    }
  });

  test("set the 1 MiB message size explicitly, and long-poll for 20 s", () => {
    expect(synthesized).toHaveResourceWithProperties(SqsQueue, {
      name: "orders-claims",
      max_message_size: 1_048_576,
      receive_wait_time_seconds: 20,
      visibility_timeout_seconds: 300,
      message_retention_seconds: 345_600,
      delay_seconds: 0,
    });
    expect(dlq).toMatchObject({ name: "orders-claims-dlq", max_message_size: 1_048_576, message_retention_seconds: 1_209_600 });
  });

  test("the DLQ keeps claims longer than the main queue", () => {
    expect(dlq.message_retention_seconds).toBeGreaterThan(queue.message_retention_seconds);
  });

  test("redrive to the DLQ after 5 receives, with an integer maxReceiveCount", () => {
    expect(JSON.parse(queue.redrive_policy)).toEqual({
      deadLetterTargetArn: ref(stack, "aws_sqs_queue", "DeadLetterQueue", "arn"),
      maxReceiveCount: 5,
    });
  });

  test("the DLQ accepts redrives from the main queue only", () => {
    const allow = resourceById(stack, "aws_sqs_queue_redrive_allow_policy", "DeadLetterQueueRedriveAllowPolicy");
    expect(allow.queue_url).toBe(ref(stack, "aws_sqs_queue", "DeadLetterQueue", "url"));
    expect(JSON.parse(allow.redrive_allow_policy)).toEqual({
      redrivePermission: "byQueue",
      sourceQueueArns: [ref(stack, "aws_sqs_queue", "Queue", "arn")],
    });
  });

  test("both queues have a TLS-only policy with an explicit Version", () => {
    const policies = resourcesOf(stack, "aws_sqs_queue_policy");
    expect(policies.map((p) => p.queue_url).sort()).toEqual([
      ref(stack, "aws_sqs_queue", "DeadLetterQueue", "url"),
      ref(stack, "aws_sqs_queue", "Queue", "url"),
    ]);
    for (const p of policies) {
      const document = parsePolicy(p.policy);
      expect(document.Version).toBe("2012-10-17");
      expect(document.Statement).toHaveLength(1);
      expect(document.Statement[0]).toMatchObject({
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    }
  });

  test("are standard queues unless fifo is set", () => {
    expect(queue.fifo_queue).toBeUndefined();
    expect(dlq.fifo_queue).toBeUndefined();
  });
});

describe("created key defaults", () => {
  test("rotates, waits 30 days before deletion, and has an explicit policy", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    const key = resourceById(stack, "aws_kms_key", "Key");
    expect(key.is_enabled).toBeUndefined();
    expect(key.bypass_policy_lockout_safety_check).toBeUndefined();
    expect(parsePolicy(key.policy).Statement).toEqual([
      {
        Sid: "EnableIamPoliciesOfTheAccount",
        Effect: "Allow",
        Principal: { AWS: `arn:${PARTITION}:iam::${ACCOUNT_ID}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ]);
  });

  test("gets the alias alias/<name>", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsAlias, {
      name: "alias/orders",
      target_key_id: ref(stack, "aws_kms_key", "Key", "key_id"),
    });
  });
});

describe("tags", () => {
  const TAGGABLE = ["aws_s3_bucket", "aws_sqs_queue", "aws_kms_key", "aws_iam_policy"];

  test("every taggable resource carries Environment, ManagedBy and Pattern plus the user's tags", () => {
    const tagged = synthClaimCheck({ tags: { Team: "payments", Environment: "overridden" } });
    for (const type of TAGGABLE) {
      for (const resource of resourcesOf(tagged, type)) {
        expect(resource.tags).toEqual({ Team: "payments", Environment: "test", ManagedBy: "terraform", Pattern: "claim-check" });
      }
    }
    expect(TAGGABLE.flatMap((t) => resourcesOf(tagged, t))).toHaveLength(6);
  });

  test("no untaggable resource gets a tags attribute", () => {
    for (const [type, resources] of Object.entries(stack.resource)) {
      if (TAGGABLE.includes(type)) continue;
      for (const resource of Object.values(resources)) expect(resource.tags).toBeUndefined();
    }
  });
});

test("the defaults object is the single source of the documented values", () => {
  expect(CLAIM_CHECK_DEFAULTS).toMatchObject({
    payloadPrefix: "payloads/",
    maxMessageSize: 1_048_576,
    receiveWaitTimeSeconds: 20,
    maxReceiveCount: 5,
    keyDeletionWindowInDays: 30,
    deleteOnConsume: false,
    forceDestroy: false,
  });
  expect(Object.isFrozen(CLAIM_CHECK_DEFAULTS)).toBe(true);
});
