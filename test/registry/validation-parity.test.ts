import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { applyDefaults, ClaimCheckProps, findProblems, minimumPayloadExpirationDays } from "../../modules/claim-check";
import { readPropDocs } from "../../tools/registry-module/prop-docs";
import { variableName } from "../../tools/registry-module/variables";
import { CallErrors, errorsByCall, moduleHarness, ModuleHarness, outputsOfCalls, planCalls } from "../support/module-harness";
import { buildModule, describeWithTerraform, TerraformResult, validationMessages } from "../support/terraform";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PROPS = Object.keys(readPropDocs());

/** Props as module inputs. */
const toVariables = (props: Partial<ClaimCheckProps>) =>
  Object.fromEntries(Object.entries({ name: "orders", ...props }).map(([k, v]) => [variableName(k), v]));

/** The construct's message in the module's words: variable names for prop names, a closing period. */
const inModuleWords = (message: string) =>
  `${message.replace(/\b[a-z]+[A-Z]\w*\b/g, (word) => (PROPS.includes(word) ? variableName(word) : word))}.`;

// Groups of bad inputs whose rules do not depend on each other, so each group is one module call.
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

/**
 * Every case is a call of its own in a root module, so one terraform run checks them all (see moduleHarness):
 * one plan of the bad inputs, one plan of the good ones (which must succeed as a whole), one evaluation of
 * the lifetimes.
 */
const BAD = {
  ...Object.fromEntries(GROUPS.map((props, i) => [`g${i}`, toVariables(props)])),
  kms_mismatch: { name: "orders", create_kms_key: false },
};
const VALID: Partial<ClaimCheckProps>[] = [
  {},
  { existingKmsKeyArn: KEY },
  { fifo: true, contentBasedDeduplication: true, payloadExpirationDays: 23 },
];
const GOOD = {
  ...Object.fromEntries(VALID.map((props, i) => [`v${i}`, toVariables(props)])),
  kms_existing: { name: "orders", create_kms_key: false, kms_key_arn: KEY },
  kms_created: { name: "orders", create_kms_key: true },
};
const LIFETIMES: Partial<ClaimCheckProps>[] = [
  {},
  { fifo: true },
  { messageRetentionSeconds: 60, dlqMessageRetentionSeconds: 61, delaySeconds: 900 },
  { messageRetentionSeconds: 1_209_599, dlqMessageRetentionSeconds: 1_209_600, fifo: true },
];

describeWithTerraform("the module's validation blocks, run by terraform, match the construct's validation", () => {
  const roots: ModuleHarness[] = [];
  let plans: Record<"bad" | "good", { result: TerraformResult; errors: CallErrors }>;
  let lifetimes: Record<string, Record<string, unknown>> | Error;
  beforeAll(() => {
    const moduleDir = buildModule();
    const files = {
      "variables.tf": readFileSync(join(moduleDir, "variables.tf"), "utf8"),
      "lifetime.tf": `output "minimum_payload_expiration_days" {\n  value = ${/minimum_payload_expiration_days += (.*)/.exec(readFileSync(join(moduleDir, "main.tf"), "utf8"))![1]}\n}\n`,
    };
    const root = (cases: Record<string, Record<string, unknown>>) => {
      const harness = moduleHarness(Object.fromEntries(Object.entries(cases).map(([name, variables]) => [name, { files, variables }])));
      roots.push(harness);
      return harness;
    };
    const planOf = (cases: Record<string, Record<string, unknown>>) => {
      const harness = root(cases);
      const result = planCalls(harness);
      return { result, errors: errorsByCall(result.stderr, harness) };
    };
    plans = { bad: planOf(BAD), good: planOf(GOOD) };
    // Kept, not thrown: a failed evaluation fails the lifetime tests, not the whole file.
    try {
      lifetimes = outputsOfCalls(root(Object.fromEntries(LIFETIMES.map((props, i) => [`l${i}`, toVariables(props)]))));
    } catch (error) {
      lifetimes = error as Error;
    }
  }, 60_000);
  afterAll(() => roots.forEach(({ dir }) => rmSync(dir, { recursive: true, force: true })));

  /** A call's errors, and the ones no call could be told from: any of those fails every case of that plan. */
  const errorsOf = (kind: "bad" | "good", call: string) => plans[kind].errors.byCall[call] + plans[kind].errors.unattributed;

  test("the plan of bad inputs fails, and only through the calls' own errors", () => {
    expect(plans.bad.result.status).not.toBe(0);
    expect(plans.bad.errors.unattributed).toBe("");
  });

  test("the plan of good inputs succeeds", () => {
    expect({ status: plans.good.result.status, errors: plans.good.result.stderr.split(/^Error: /m).slice(1) }).toEqual({
      status: 0,
      errors: [],
    });
  });

  test.each(GROUPS.map((g, i) => [Object.keys(g).join(", "), g, `g${i}`] as const))(
    "bad %s: the same problems, all at once",
    (_keys, props, call) => {
      const construct = findProblems({ name: "orders", ...props }, applyDefaults({ name: "orders", ...props }));
      expect(construct.length).toBeGreaterThan(0);
      expect(validationMessages(errorsOf("bad", call)).sort()).toEqual(construct.map(inModuleWords).sort());
      // Only the rules speak: no raw evaluation error ("Invalid index") next to their messages.
      const otherErrors = errorsOf("bad", call)
        .split(/^Error: /m)
        .slice(1)
        .filter((block) => !block.startsWith("Invalid value for variable"));
      expect(otherErrors).toEqual([]);
    },
  );

  test("create_kms_key must agree with kms_key_arn", () => {
    const message = "create_kms_key must be false when kms_key_arn is set and true when it is not, but false was given.";
    expect(validationMessages(errorsOf("bad", "kms_mismatch"))).toEqual([message]);
    expect({ existing: errorsOf("good", "kms_existing"), created: errorsOf("good", "kms_created") }).toEqual({ existing: "", created: "" });
  });

  test("valid inputs plan cleanly", () => {
    VALID.forEach((props, i) => {
      expect({ props, errors: errorsOf("good", `v${i}`) }).toEqual({ props, errors: "" });
    });
  });

  test.each(LIFETIMES.map((props, i) => [props, `l${i}`] as const))("the lifetime minimum is the construct's for %j", (props, call) => {
    if (lifetimes instanceof Error) throw lifetimes;
    const settings = applyDefaults({ name: "orders", ...props });
    expect(lifetimes[call].minimum_payload_expiration_days).toBe(minimumPayloadExpirationDays(settings));
  });
});
