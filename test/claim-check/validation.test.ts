import { Testing } from "cdktf";
import { ClaimCheck, ClaimCheckProps, ClaimCheckValidationError } from "../../modules/claim-check";
import { VALIDATION_RULES } from "../../modules/claim-check/spec";
import { BASE_PROPS, synthClaimCheck } from "../support/synth";

/** The problems reported for props, or [] when the construct accepts them. */
function problemsOf(props: Partial<ClaimCheckProps>): readonly string[] {
  try {
    synthClaimCheck(props);
    return [];
  } catch (error) {
    if (error instanceof ClaimCheckValidationError) return error.problems;
    throw error;
  }
}

const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("each rule reports the field and the bad value", () => {
  test.each<[string, Partial<ClaimCheckProps>, string]>([
    [
      "name too short",
      { name: "ab" },
      'name must be 3-24 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen, but "ab" was given',
    ],
    [
      "name uppercase",
      { name: "Orders" },
      'name must be 3-24 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen, but "Orders" was given',
    ],
    [
      "name too long",
      { name: "a".repeat(25) },
      `name must be 3-24 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen, but "${"a".repeat(25)}" was given`,
    ],
    [
      "environment",
      { environment: "prod#1" },
      'environment must be at most 256 characters valid in a tag value (letters, digits, spaces and _ . : / = + - @), but "prod#1" was given',
    ],
    [
      "tag key",
      { tags: { "aws:owner": "x" } },
      `tags keys must be 1-128 characters valid in a tag key (letters, digits, spaces and _ . : / = + - @) and not start with the reserved 'aws:', but {"aws:owner":"x"} was given`,
    ],
    [
      "tag value",
      { tags: { Owner: "x".repeat(257) } },
      `tags values must be strings of at most 256 characters valid in a tag value (letters, digits, spaces and _ . : / = + - @), but {"Owner":"${"x".repeat(257)}"} was given`,
    ],
    [
      "bucket name with dots",
      { bucketName: "my.bucket" },
      'bucketName must be 3-63 lowercase letters, digits or hyphens (no dots), starting and ending with a letter or digit, and not start with xn--, sthree-, amzn-s3-demo-, but "my.bucket" was given',
    ],
    [
      "bucket name reserved suffix",
      { bucketName: "orders-s3alias" },
      'bucketName must not end with a reserved suffix (-s3alias, --ol-s3, --x-s3, --table-s3), but "orders-s3alias" was given',
    ],
    [
      "prefix without slash",
      { payloadPrefix: "payloads" },
      `payloadPrefix must be one or more path segments each ending in '/', with no leading '/' and no '*', '?' or '$', at most 960 characters, but "payloads" was given`,
    ],
    [
      "prefix with wildcard",
      { payloadPrefix: "pay*/" },
      `payloadPrefix must be one or more path segments each ending in '/', with no leading '/' and no '*', '?' or '$', at most 960 characters, but "pay*/" was given`,
    ],
    ["message size low", { maxMessageSize: 1023 }, "maxMessageSize must be an integer between 1024 and 1048576, but 1023 was given"],
    [
      "message size high",
      { maxMessageSize: 1_048_577 },
      "maxMessageSize must be an integer between 1024 and 1048576, but 1048577 was given",
    ],
    [
      "visibility",
      { visibilityTimeoutSeconds: 43_201 },
      "visibilityTimeoutSeconds must be an integer between 0 and 43200, but 43201 was given",
    ],
    [
      "retention low",
      { messageRetentionSeconds: 59 },
      "messageRetentionSeconds must be an integer between 60 and 1209600, but 59 was given",
    ],
    [
      "DLQ retention high",
      { dlqMessageRetentionSeconds: 1_209_601 },
      "dlqMessageRetentionSeconds must be an integer between 60 and 1209600, but 1209601 was given",
    ],
    [
      "DLQ retention not longer",
      { messageRetentionSeconds: 86_400, dlqMessageRetentionSeconds: 86_400 },
      "dlqMessageRetentionSeconds must be greater than messageRetentionSeconds (86400) so failed claims outlive the main queue, but 86400 was given",
    ],
    ["delay", { delaySeconds: 901 }, "delaySeconds must be an integer between 0 and 900, but 901 was given"],
    ["wait time", { receiveWaitTimeSeconds: 21 }, "receiveWaitTimeSeconds must be an integer between 0 and 20, but 21 was given"],
    ["maxReceiveCount zero", { maxReceiveCount: 0 }, "maxReceiveCount must be an integer between 1 and 1000, but 0 was given"],
    ["maxReceiveCount fraction", { maxReceiveCount: 2.5 }, "maxReceiveCount must be an integer between 1 and 1000, but 2.5 was given"],
    [
      "data key reuse",
      { kmsDataKeyReusePeriodSeconds: 59 },
      "kmsDataKeyReusePeriodSeconds must be an integer between 60 and 86400, but 59 was given",
    ],
    ["deletion window low", { keyDeletionWindowInDays: 6 }, "keyDeletionWindowInDays must be an integer between 7 and 30, but 6 was given"],
    [
      "deletion window high",
      { keyDeletionWindowInDays: 31 },
      "keyDeletionWindowInDays must be an integer between 7 and 30, but 31 was given",
    ],
    [
      "noncurrent days",
      { noncurrentVersionExpirationDays: 0 },
      "noncurrentVersionExpirationDays must be an integer between 1 and 36500, but 0 was given",
    ],
    [
      "abort days",
      { abortIncompleteMultipartUploadDays: 0 },
      "abortIncompleteMultipartUploadDays must be an integer between 1 and 36500, but 0 was given",
    ],
    [
      "expiry not a whole number",
      { payloadExpirationDays: 20.5 },
      "payloadExpirationDays must be an integer between 1 and 36500, but 20.5 was given",
    ],
    [
      "lifetime invariant",
      { payloadExpirationDays: 18 },
      "payloadExpirationDays must be at least 19 so no claim outlives its payload (1641600 s = delay + longest claim age + one redrive + 1-day margin), but 18 was given",
    ],
    [
      "key ARN malformed",
      { existingKmsKeyArn: "arn:aws:kms:eu-west-1:1111:key/x" },
      'existingKmsKeyArn must be a full KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>), but "arn:aws:kms:eu-west-1:1111:key/x" was given',
    ],
    [
      "key alias ARN",
      { existingKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/orders" },
      'existingKmsKeyArn aliases are not accepted: pass the full key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>), but "arn:aws:kms:eu-west-1:111122223333:alias/orders" was given',
    ],
    [
      "AWS-managed key",
      { existingKmsKeyArn: "alias/aws/sqs" },
      'existingKmsKeyArn AWS-managed keys cannot be used: their key policy cannot grant the producer and consumer roles, but "alias/aws/sqs" was given',
    ],
    [
      "existing key with a deletion window",
      { existingKmsKeyArn: KEY_ARN, keyDeletionWindowInDays: 7 },
      "keyDeletionWindowInDays configures a key the module creates and contradicts existingKmsKeyArn, but 7 was given",
    ],
    [
      "existing key with an alias",
      { existingKmsKeyArn: KEY_ARN, keyAlias: "alias/x" },
      'keyAlias configures a key the module creates and contradicts existingKmsKeyArn, but "alias/x" was given',
    ],
    [
      "existing key with administrators",
      { existingKmsKeyArn: KEY_ARN, keyAdministratorArns: [] },
      "keyAdministratorArns configures a key the module creates and contradicts existingKmsKeyArn, but [] was given",
    ],
    [
      "reserved alias",
      { keyAlias: "alias/aws/orders" },
      `keyAlias must start with 'alias/', use letters, digits, '/', '_' or '-', and not 'alias/aws/', but "alias/aws/orders" was given`,
    ],
    [
      "administrator ARN",
      { keyAdministratorArns: ["admin"] },
      'keyAdministratorArns items must be IAM role, user or root ARNs of a known partition, but ["admin"] was given',
    ],
    [
      "dedup without FIFO",
      { contentBasedDeduplication: true },
      "contentBasedDeduplication is only valid when fifo is true, but true was given",
    ],
    [
      "force and prevent destroy",
      { forceDestroy: true, preventDestroy: true },
      "forceDestroy contradicts preventDestroy: true, but true was given",
    ],
    [
      "log prefix without log bucket",
      { accessLogPrefix: "logs/" },
      'accessLogPrefix is only valid together with accessLogBucketName, but "logs/" was given',
    ],
    [
      "invalid log bucket",
      { accessLogBucketName: "Logs" },
      "accessLogBucketName must be a valid S3 bucket name (3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, no '..', not an IP address, no reserved prefix or suffix), but \"Logs\" was given",
    ],
    [
      "log bucket is the payload bucket",
      { bucketName: "orders-payloads", accessLogBucketName: "orders-payloads" },
      'accessLogBucketName must differ from bucketName (a bucket cannot log to itself), but "orders-payloads" was given',
    ],
    [
      "role name",
      { producerRoleNames: ["bad role"] },
      'producerRoleNames items must be IAM role names (1-64 of letters, digits and +=,.@_-), optionally after the role\'s path (service-role/orders-api), but ["bad role"] was given',
    ],
    [
      "duplicate role",
      { consumerRoleNames: ["worker", "worker"] },
      'consumerRoleNames must not repeat a role, but ["worker","worker"] was given',
    ],
  ])("%s", (_case, props, message) => {
    expect(problemsOf(props)).toEqual([message]);
  });
});

test("every problem is reported at once, in one error naming the construct", () => {
  const build = () =>
    Testing.synthScope((scope) => {
      new ClaimCheck(scope, "ClaimCheck", {
        ...BASE_PROPS,
        name: "X",
        maxReceiveCount: 0,
        maxMessageSize: 100,
        existingKmsKeyArn: "alias/aws/s3",
        keyDeletionWindowInDays: 3,
      });
    });
  expect(build).toThrow(ClaimCheckValidationError);
  expect(build).toThrow(
    [
      "ClaimCheck initialization failed due to the following validation error(s):",
      '- name must be 3-24 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen, but "X" was given',
      "- maxMessageSize must be an integer between 1024 and 1048576, but 100 was given",
      "- maxReceiveCount must be an integer between 1 and 1000, but 0 was given",
      "- keyDeletionWindowInDays must be an integer between 7 and 30, but 3 was given",
      '- existingKmsKeyArn AWS-managed keys cannot be used: their key policy cannot grant the producer and consumer roles, but "alias/aws/s3" was given',
      "- keyDeletionWindowInDays configures a key the module creates and contradicts existingKmsKeyArn, but 3 was given",
    ].join("\n"),
  );
});

describe("valid edge values are accepted", () => {
  test.each<[string, Partial<ClaimCheckProps>]>([
    ["smallest message size", { maxMessageSize: 1024 }],
    ["largest message size", { maxMessageSize: 1_048_576 }],
    ["zero visibility and delay", { visibilityTimeoutSeconds: 0, delaySeconds: 0 }],
    ["maximum receive count", { maxReceiveCount: 1000 }],
    ["window bounds", { keyDeletionWindowInDays: 7 }],
    ["the exact minimum expiry", { payloadExpirationDays: 19 }],
    ["a longer expiry", { payloadExpirationDays: 365 }],
    ["nested prefix", { payloadPrefix: "tenant-a/payloads/" }],
    ["existing key alone", { existingKmsKeyArn: KEY_ARN }],
    ["GovCloud key", { existingKmsKeyArn: "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab" }],
    // A region prefix of four letters: the partition table knows aws-eusc, so the key ARN pattern must accept its regions.
    [
      "European Sovereign Cloud key",
      { existingKmsKeyArn: "arn:aws-eusc:kms:eusc-de-east-1:111122223333:key/0f0f0f0f-1111-2222-3333-444444444444" },
    ],
    ["FIFO with dedup", { fifo: true, contentBasedDeduplication: true }],
    ["dotted log bucket", { accessLogBucketName: "corp.logs", accessLogPrefix: "orders/" }],
    ["role names", { producerRoleNames: ["svc-a", "svc.b@x"], consumerRoleNames: ["worker"] }],
  ])("%s", (_case, props) => {
    expect(problemsOf(props)).toEqual([]);
  });
});

test("every rule of the table is rendered in HCL, or says why Terraform needs or cannot have it", () => {
  const unexplained = VALIDATION_RULES.filter((rule) => (rule.hcl === undefined) === (rule.hclNote === undefined)).map(
    (rule) => rule.field,
  );
  expect(unexplained).toEqual([]);
  expect(VALIDATION_RULES.filter((rule) => rule.hcl !== undefined).length).toBeGreaterThan(30);
});
