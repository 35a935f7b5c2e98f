import { join } from "node:path";
import { allEnvironments, devConfig, prodConfig, stagingConfig } from "../../environments";
import { FALLBACK_REGION, readAccountSettings } from "../../environments/settings";
import { block, resourceById, resourcesOf, synthEnvironment } from "../support/synth";

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
/** A key must be in its stack's region (checked at synth): prod's below runs in eu-central-1. */
const EU_CENTRAL_KEY_ARN = KEY_ARN.replace("us-east-1", "eu-central-1");
const NO_ENV = {};

describe("dev", () => {
  const stack = synthEnvironment(devConfig(NO_ENV));

  test("is disposable: short retention, no versioning, 7-day key window, force_destroy", () => {
    expect(resourceById(stack, "aws_sqs_queue", "Queue").message_retention_seconds).toBe(86_400);
    expect(resourceById(stack, "aws_sqs_queue", "DeadLetterQueue").message_retention_seconds).toBe(4 * 86_400);
    expect(block(resourceById(stack, "aws_s3_bucket_versioning", "PayloadBucketVersioning").versioning_configuration).status).toBe(
      "Suspended",
    );
    expect(resourceById(stack, "aws_kms_key", "Key").deletion_window_in_days).toBe(7);
    expect(resourceById(stack, "aws_s3_bucket", "PayloadBucket").force_destroy).toBe(true);
  });

  test("has no prevent_destroy, and keeps state in a local file", () => {
    for (const type of ["aws_s3_bucket", "aws_kms_key", "aws_sqs_queue"]) {
      for (const r of resourcesOf(stack, type)) expect(r.lifecycle).toBeUndefined();
    }
    expect(stack.terraform.backend).toEqual({ local: { path: join(process.cwd(), "terraform.dev.tfstate") } });
  });

  test("tags every resource with its own tag map", () => {
    expect(resourceById(stack, "aws_s3_bucket", "PayloadBucket").tags).toEqual({
      Project: "claim-check",
      Owner: "platform-team",
      CostCenter: "engineering-sandbox",
      DataClassification: "internal",
      Environment: "dev",
      ManagedBy: "terraform",
      Pattern: "claim-check",
    });
  });
});

describe.each([
  ["staging", stagingConfig, false],
  ["prod", prodConfig, true],
] as const)("%s", (name, config, protectedFromDestroy) => {
  const stack = synthEnvironment(config(NO_ENV));

  test("is versioned, keeps a 30-day key window and never force-destroys", () => {
    expect(block(resourceById(stack, "aws_s3_bucket_versioning", "PayloadBucketVersioning").versioning_configuration).status).toBe(
      "Enabled",
    );
    expect(resourceById(stack, "aws_kms_key", "Key").deletion_window_in_days).toBe(30);
    expect(resourceById(stack, "aws_s3_bucket", "PayloadBucket").force_destroy).toBe(false);
    expect(resourceById(stack, "aws_s3_bucket", "PayloadBucket").tags.Environment).toBe(name);
  });

  test(`${protectedFromDestroy ? "sets" : "does not set"} prevent_destroy on bucket, key and queues`, () => {
    const expected = protectedFromDestroy ? { prevent_destroy: true } : undefined;
    expect(resourceById(stack, "aws_s3_bucket", "PayloadBucket").lifecycle).toEqual(expected);
    expect(resourceById(stack, "aws_kms_key", "Key").lifecycle).toEqual(expected);
    for (const q of resourcesOf(stack, "aws_sqs_queue")) expect(q.lifecycle).toEqual(expected);
  });

  test("uses an S3 backend with a lockfile when a state bucket is configured", () => {
    expect(synthEnvironment(config(NO_ENV, "/project")).terraform.backend).toEqual({
      local: { path: `/project/terraform.${name}.tfstate` },
    });
    const remote = synthEnvironment(config({ CLAIM_CHECK_STATE_BUCKET: "acme-tfstate", AWS_REGION: "eu-west-1" }));
    expect(remote.terraform.backend).toEqual({
      s3: {
        bucket: "acme-tfstate",
        key: `claim-check/${name}/terraform.tfstate`,
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });
});

describe("prod with an existing key", () => {
  const stack = synthEnvironment(
    prodConfig({
      CLAIM_CHECK_PROD_KMS_KEY_ARN: EU_CENTRAL_KEY_ARN,
      CLAIM_CHECK_PROD_PRODUCER_ROLE_NAMES: "orders-api",
      CLAIM_CHECK_PROD_CONSUMER_ROLE_NAMES: "orders-worker, fulfilment",
      CLAIM_CHECK_PROD_ACCESS_LOG_BUCKET: "acme-s3-access-logs",
      CLAIM_CHECK_PROD_REGION: "eu-central-1",
    }),
  );

  test("creates no key and encrypts everything with the given one", () => {
    expect(stack.resource.aws_kms_key).toBeUndefined();
    for (const q of resourcesOf(stack, "aws_sqs_queue")) expect(q.kms_master_key_id).toBe(EU_CENTRAL_KEY_ARN);
  });

  test("attaches policies to the named roles, logs access and uses the given region", () => {
    // One for_each attachment per policy, keyed by role name.
    expect(resourcesOf(stack, "aws_iam_role_policy_attachment").map((a) => Object.keys(a.for_each).sort())).toEqual(
      expect.arrayContaining([["orders-api"], ["fulfilment", "orders-worker"]]),
    );
    expect(resourceById(stack, "aws_s3_bucket_logging", "PayloadBucketLogging").target_bucket).toBe("acme-s3-access-logs");
    expect(stack.provider!.aws[0].region).toBe("eu-central-1");
  });

  test("reports a bad key ARN from the environment with the field and the value", () => {
    expect(() => synthEnvironment(prodConfig({ CLAIM_CHECK_PROD_KMS_KEY_ARN: "alias/orders" }))).toThrow(
      'existingKmsKeyArn aliases are not accepted: pass the full key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>), but "alias/orders" was given',
    );
  });
});

describe("account settings come from environment variables", () => {
  test("with a region fallback so synth works with nothing set", () => {
    expect(readAccountSettings("dev", NO_ENV)).toEqual({
      region: FALLBACK_REGION,
      existingKmsKeyArn: undefined,
      keyAdministratorArns: [],
      producerRoleNames: [],
      consumerRoleNames: [],
      accessLogBucketName: undefined,
      backend: { kind: "local", path: join(process.cwd(), "terraform.dev.tfstate") },
      sources: {},
    });
  });

  test("per environment first, then AWS_REGION and the shared state bucket", () => {
    const env = {
      AWS_REGION: "eu-west-1",
      CLAIM_CHECK_STAGING_REGION: "eu-west-2",
      CLAIM_CHECK_STATE_BUCKET: "shared-state",
      CLAIM_CHECK_PROD_STATE_BUCKET: "prod-state",
      CLAIM_CHECK_STATE_REGION: "us-east-2",
      CLAIM_CHECK_STAGING_KEY_ADMIN_ARNS: " arn:aws:iam::111122223333:role/A ,,arn:aws:iam::111122223333:role/B ",
    };
    expect(readAccountSettings("dev", env).region).toBe("eu-west-1");
    expect(readAccountSettings("staging", env).region).toBe("eu-west-2");
    expect(readAccountSettings("staging", env).keyAdministratorArns).toEqual([
      "arn:aws:iam::111122223333:role/A",
      "arn:aws:iam::111122223333:role/B",
    ]);
    expect(readAccountSettings("staging", env).backend).toEqual({
      kind: "s3",
      bucket: "shared-state",
      key: "claim-check/staging/terraform.tfstate",
      region: "us-east-2",
    });
    expect(readAccountSettings("prod", env).backend).toMatchObject({ bucket: "prod-state" });
    expect(readAccountSettings("staging", env).sources).toEqual({
      region: "CLAIM_CHECK_STAGING_REGION",
      backend: "CLAIM_CHECK_STATE_BUCKET",
      keyAdministratorArns: "CLAIM_CHECK_STAGING_KEY_ADMIN_ARNS",
    });
    expect(readAccountSettings("dev", env).sources).toEqual({ region: "AWS_REGION", backend: "CLAIM_CHECK_STATE_BUCKET" });
  });

  test("key administrators apply to a created key only: next to an existing key they are passed on, so synth reports the conflict", () => {
    const env = { CLAIM_CHECK_STAGING_KEY_ADMIN_ARNS: "arn:aws:iam::111122223333:role/A" };
    expect(stagingConfig(env).claimCheck.keyAdministratorArns).toEqual(["arn:aws:iam::111122223333:role/A"]);
    const withKey = stagingConfig({ ...env, CLAIM_CHECK_STAGING_KMS_KEY_ARN: KEY_ARN }).claimCheck;
    expect(withKey.keyAdministratorArns).toEqual(["arn:aws:iam::111122223333:role/A"]);
    expect(withKey.keyDeletionWindowInDays).toBeUndefined();
    expect(() => synthEnvironment(stagingConfig({ ...env, CLAIM_CHECK_STAGING_KMS_KEY_ARN: KEY_ARN }))).toThrow(
      /keyAdministratorArns configures a key the module creates and contradicts existingKmsKeyArn/,
    );
    expect(stagingConfig({ CLAIM_CHECK_STAGING_KMS_KEY_ARN: KEY_ARN }).claimCheck.keyAdministratorArns).toBeUndefined();
  });
});

test("the three environments are dev, staging and prod, each with its own names", () => {
  const configs = allEnvironments(NO_ENV);
  expect(configs.map((c) => c.name)).toEqual(["dev", "staging", "prod"]);
  expect(new Set(configs.map((c) => c.claimCheck.name)).size).toBe(3);
});
