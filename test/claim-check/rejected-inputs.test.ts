import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { ClaimCheck, ClaimCheckProps, ClaimCheckValidationError } from "../../modules/claim-check";

/** Defect 5: inputs AWS rejects, and JavaScript callers' wrong types, all reported at synth, naming field and value. */
function problemsOf(props: Record<string, unknown>, region?: string): readonly string[] {
  try {
    Testing.synthScope((scope) => {
      if (region) new AwsProvider(scope, "aws", { region });
      new ClaimCheck(scope, "ClaimCheck", { name: "orders", ...props } as unknown as ClaimCheckProps);
    });
    return [];
  } catch (error) {
    if (error instanceof ClaimCheckValidationError) return error.problems;
    throw error;
  }
}

const KEY = (arn: string) => arn;
const VALID_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const tags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`Tag${i}`, "x"]));

describe("inputs AWS would reject are caught at synth", () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    [
      "48 tags plus the three managed ones",
      { tags: tags(48) },
      /^tags must hold at most 47 tags besides Environment, ManagedBy, Pattern \(AWS allows 50 per resource\), but 48 was given$/,
    ],
    [
      "a tag key with a character AWS refuses",
      { tags: { "cost#center": "1" } },
      /^tags keys must be 1-128 characters valid in a tag key .*, but \{"cost#center":"1"\} was given$/,
    ],
    ["a tag key of 129 characters", { tags: { ["k".repeat(129)]: "1" } }, /^tags keys must be 1-128 characters/],
    [
      "a tag value with a character AWS refuses",
      { tags: { Owner: "a?b" } },
      /^tags values must be strings of at most 256 characters valid in a tag value .*, but \{"Owner":"a\?b"\} was given$/,
    ],
    [
      "a name whose default bucket name gets the xn-- prefix",
      { name: "xn--orders" },
      /^name must not start with xn--, sthree-, amzn-s3-demo- while bucketName is unset: the default bucket name would get an S3-reserved prefix, but "xn--orders" was given$/,
    ],
    ["a name whose default bucket name gets the sthree- prefix", { name: "sthree-orders" }, /^name must not start with xn--/],
    [
      "a payload prefix longer than S3 keys allow",
      { payloadPrefix: "a/".repeat(481) },
      /^payloadPrefix .* at most 960 characters, but "(a\/)+" was given$/,
    ],
    [
      "an access log prefix longer than S3 keys allow",
      { accessLogBucketName: "logs", accessLogPrefix: "x".repeat(985) },
      /^accessLogPrefix must be at most 984 characters/,
    ],
    [
      "a key ARN of an unknown partition",
      { existingKmsKeyArn: VALID_KEY.replace("arn:aws:", "arn:aws-moon:") },
      /^existingKmsKeyArn must be a full KMS key ARN/,
    ],
    [
      "a key ARN with a malformed region",
      { existingKmsKeyArn: VALID_KEY.replace("eu-west-1", "euwest1") },
      /^existingKmsKeyArn must be a full KMS key ARN/,
    ],
    [
      "a key ARN with a malformed key id",
      { existingKmsKeyArn: KEY("arn:aws:kms:eu-west-1:111122223333:key/not-a-key-id") },
      /^existingKmsKeyArn must be a full KMS key ARN/,
    ],
    [
      "key administrators of an unknown partition",
      { keyAdministratorArns: ["arn:aws-moon:iam::111122223333:role/Admin"] },
      /^keyAdministratorArns items must be IAM role, user or root ARNs of a known partition/,
    ],
    [
      "key administrators of two partitions",
      { keyAdministratorArns: ["arn:aws:iam::111122223333:role/Admin", "arn:aws-cn:iam::111122223333:role/Admin"] },
      /^keyAdministratorArns must all be in one partition, but \[.*\] was given$/,
    ],
    [
      "noncurrent-version expiry with versioning off (silently ignored)",
      { versioning: false, noncurrentVersionExpirationDays: 3 },
      /^noncurrentVersionExpirationDays is ignored while versioning is false.*, but 3 was given$/,
    ],
  ])("%s", (_case, props, message) => {
    expect(problemsOf(props)).toEqual([expect.stringMatching(message)]);
  });

  test("a key in another region than the stack's provider, when both are known", () => {
    expect(problemsOf({ existingKmsKeyArn: VALID_KEY }, "us-east-1")).toEqual([
      `existingKmsKeyArn must be in the stack's region (us-east-1): SQS and S3 use keys of their own region only, but "${VALID_KEY}" was given`,
    ]);
    expect(problemsOf({ existingKmsKeyArn: VALID_KEY }, "eu-west-1")).toEqual([]);
  });

  test("key administrators of another partition than the stack's", () => {
    expect(problemsOf({ keyAdministratorArns: ["arn:aws:iam::111122223333:role/Admin"] }, "cn-north-1")).toEqual([
      `keyAdministratorArns must all be in the stack's partition (aws-cn), but ["arn:aws:iam::111122223333:role/Admin"] was given`,
    ]);
  });

  test("environment accepts what tag values accept", () => {
    for (const environment of ["", "Prod EU", "équipe-1", "a".repeat(256), "team:payments/prod"])
      expect(problemsOf({ environment })).toEqual([]);
    expect(problemsOf({ environment: "a".repeat(257) })).toEqual([expect.stringMatching(/^environment must be at most 256 characters/)]);
  });
});

describe("JavaScript callers: wrong types and unknown props", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['fifo: "false" (would make FIFO queues)', { fifo: "false" }, 'fifo must be a boolean (true or false), but "false" was given'],
    ["versioning: 0", { versioning: 0 }, "versioning must be a boolean (true or false), but 0 was given"],
    [
      'tags: "team=payments"',
      { tags: "team=payments" },
      'tags must be an object mapping tag keys to string values, but "team=payments" was given',
    ],
    ['tags: ["a"]', { tags: ["a"] }, 'tags must be an object mapping tag keys to string values, but ["a"] was given'],
    [
      "a non-string tag value",
      { tags: { Team: 5 } },
      'tags values must be strings of at most 256 characters valid in a tag value (letters, digits, spaces and _ . : / = + - @), but {"Team":5} was given',
    ],
    [
      'producerRoleNames: "orders-api"',
      { producerRoleNames: "orders-api" },
      'producerRoleNames must be a list of strings, but "orders-api" was given',
    ],
    ["a misspelt prop", { bucketname: "orders" }, 'bucketname is not a ClaimCheck prop (a misspelling?), but "orders" was given'],
    ["NaN", { maxReceiveCount: NaN }, "maxReceiveCount must be an integer between 1 and 1000, but NaN was given"],
    ["Infinity", { delaySeconds: Infinity }, "delaySeconds must be an integer between 0 and 900, but Infinity was given"],
    [
      "-Infinity",
      { visibilityTimeoutSeconds: -Infinity },
      "visibilityTimeoutSeconds must be an integer between 0 and 43200, but -Infinity was given",
    ],
  ])("%s", (_case, props, message) => {
    expect(problemsOf(props)).toEqual([message]);
  });

  test("every problem at once", () => {
    expect(problemsOf({ fifo: "yes", tags: 3, unknownThing: 1, maxReceiveCount: NaN, name: "xn--a" })).toHaveLength(5);
  });
});
