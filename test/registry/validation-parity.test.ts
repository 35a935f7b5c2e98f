import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { applyDefaults, ClaimCheckProps, findProblems, minimumPayloadExpirationDays } from "../../modules/claim-check";
import { readPropDocs } from "../../tools/registry-module/prop-docs";
import { variableName } from "../../tools/registry-module/variables";
import { buildModule, describeWithTerraform, harness, outputsWith, planWith, validationMessages } from "../support/terraform";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PROPS = Object.keys(readPropDocs());

/** Props as module inputs. */
const toVariables = (props: Partial<ClaimCheckProps>) =>
  Object.fromEntries(Object.entries({ name: "orders", ...props }).map(([k, v]) => [variableName(k), v]));

/** The construct's message in the module's words: variable names for prop names, a closing period. */
const inModuleWords = (message: string) =>
  `${message.replace(/\b[a-z]+[A-Z]\w*\b/g, (word) => (PROPS.includes(word) ? variableName(word) : word))}.`;

// Groups of bad inputs whose rules do not depend on each other, so each group is one `terraform plan`.
const GROUPS: Partial<ClaimCheckProps>[] = [
  {
    name: "ab",
    environment: "prod#1",
    payloadPrefix: "payloads",
    maxMessageSize: 1023,
    visibilityTimeoutSeconds: 43_201,
    receiveWaitTimeSeconds: 21,
    maxReceiveCount: 0,
    kmsDataKeyReusePeriodSeconds: 59,
    noncurrentVersionExpirationDays: 0,
    abortIncompleteMultipartUploadDays: 0,
    keyAlias: "alias/aws/orders",
    keyDeletionWindowInDays: 31,
    consumerRoleNames: ["worker", "worker"],
  },
  // Terraform skips a variable's rules while a variable they reference is invalid, so the log bucket's
  // rules (which read bucket_name) get a group where bucket_name is valid.
  { accessLogBucketName: "Logs", delaySeconds: -1 },
  { messageRetentionSeconds: 86_400, dlqMessageRetentionSeconds: 86_400, contentBasedDeduplication: true, accessLogPrefix: "logs/" },
  { payloadExpirationDays: 18, bucketName: "orders-s3alias" },
  { payloadExpirationDays: 23, fifo: true, delaySeconds: 900 },
  { existingKmsKeyArn: KEY, keyDeletionWindowInDays: 7, keyAlias: "alias/x", keyAdministratorArns: [] },
  { existingKmsKeyArn: "alias/aws/sqs" },
  { existingKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/orders" },
  { existingKmsKeyArn: "arn:aws:kms:eu-west-1:1111:key/x" },
  { bucketName: "orders-payloads", accessLogBucketName: "orders-payloads", messageRetentionSeconds: 59 },
  // Terraform skips name's rules while bucket_name (which one of them reads) is invalid.
  { bucketName: "my.bucket", tags: { "aws:owner": "x", "cost#center": "1", Owner: "a?b" } },
  // Defect 5: inputs AWS rejects.
  { name: "xn--orders", tags: Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`Tag${i}`, "x"])), payloadPrefix: "a/".repeat(481) },
  { accessLogBucketName: "logs", accessLogPrefix: "x".repeat(985), versioning: false, noncurrentVersionExpirationDays: 3 },
  { existingKmsKeyArn: "arn:aws-moon:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
  { existingKmsKeyArn: "arn:aws:kms:euwest1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
  { keyAdministratorArns: ["arn:aws:iam::111122223333:role/Admin", "arn:aws-cn:iam::111122223333:role/Admin", "arn:aws-moon:iam::1:root"] },
  // Review 8: a malformed administrator ARN gets the format message only (item 9), a key whose partition
  // contradicts its region (item 10), and bucket names S3 forbids for the log bucket (item 12).
  { keyAdministratorArns: ["admin", "arn:aws:iam::111122223333:role/Admin"] },
  { existingKmsKeyArn: "arn:aws-cn:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
  { existingKmsKeyArn: "arn:aws:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
  { accessLogBucketName: "192.168.1.1" },
  { accessLogBucketName: "a..b" },
  { accessLogBucketName: "xn--logs" },
  { accessLogBucketName: "logs--ol-s3" },
];

describeWithTerraform("the module's validation blocks, run by terraform, match the construct's validation", () => {
  let dir: string;
  beforeAll(() => {
    const moduleDir = buildModule();
    dir = harness({
      "variables.tf": readFileSync(join(moduleDir, "variables.tf"), "utf8"),
      "lifetime.tf": `output "minimum_payload_expiration_days" {\n  value = ${/minimum_payload_expiration_days += (.*)/.exec(readFileSync(join(moduleDir, "main.tf"), "utf8"))![1]}\n}\n`,
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(GROUPS.map((g) => [Object.keys(g).join(", "), g] as const))("bad %s: the same problems, all at once", (_keys, props) => {
    const construct = findProblems({ name: "orders", ...props }, applyDefaults({ name: "orders", ...props }));
    const result = planWith(dir, toVariables(props));
    expect(result.status).not.toBe(0);
    expect(construct.length).toBeGreaterThan(0);
    expect(validationMessages(result.stderr).sort()).toEqual(construct.map(inModuleWords).sort());
    // Only the rules speak: no raw evaluation error ("Invalid index") next to their messages.
    const otherErrors = result.stderr
      .split(/^Error: /m)
      .slice(1)
      .filter((block) => !block.startsWith("Invalid value for variable"));
    expect(otherErrors).toEqual([]);
  });

  test("create_kms_key must agree with kms_key_arn", () => {
    const message = "create_kms_key must be false when kms_key_arn is set and true when it is not, but false was given.";
    expect(validationMessages(planWith(dir, { name: "orders", create_kms_key: false }).stderr)).toEqual([message]);
    expect(planWith(dir, { name: "orders", create_kms_key: false, kms_key_arn: KEY }).status).toBe(0);
    expect(planWith(dir, { name: "orders", create_kms_key: true }).status).toBe(0);
  });

  test("valid inputs plan cleanly", () => {
    for (const props of [{}, { existingKmsKeyArn: KEY }, { fifo: true, contentBasedDeduplication: true, payloadExpirationDays: 23 }]) {
      const result = planWith(dir, toVariables(props));
      expect({ props, status: result.status, errors: validationMessages(result.stderr) }).toEqual({ props, status: 0, errors: [] });
    }
  });

  test.each([
    [{}],
    [{ fifo: true }],
    [{ messageRetentionSeconds: 60, dlqMessageRetentionSeconds: 61, delaySeconds: 900 }],
    [{ messageRetentionSeconds: 1_209_599, dlqMessageRetentionSeconds: 1_209_600, fifo: true }],
  ])("the lifetime minimum is the construct's for %j", (props) => {
    const settings = applyDefaults({ name: "orders", ...props });
    expect(outputsWith(dir, toVariables(props)).minimum_payload_expiration_days).toBe(minimumPayloadExpirationDays(settings));
  });
});
