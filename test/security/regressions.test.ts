import { devConfig, stagingConfig } from "../../environments";
import { PolicyDocument } from "../../modules/claim-check";
import { SynthesizedStack, synthEnvironment } from "../support/synth";
import { ALL_CONTROLS, EnvironmentExpectation } from "./support/controls";
import { overPlainHttp, sseKms } from "./support/contexts";
import { policiesOf, resolveStack } from "./support/sample-stack";
import { simulate } from "./support/simulator";
import { PRINCIPALS } from "./support/variants";

// Deliberate regressions: each breaks one promise in an otherwise good stack and must make the named
// control or simulation fail. They prove the checks above can fail.
const STAGING: EnvironmentExpectation = {
  versioning: true,
  preventDestroy: false,
  forceDestroyAllowed: false,
  deletionWindowInDays: 30,
  accessLogging: false,
};
// Synthesized once; each regression mutates its own deep copy.
const BASELINE = synthEnvironment(stagingConfig({}));

function mutate(stack: SynthesizedStack, change: (s: SynthesizedStack) => void): SynthesizedStack {
  const copy: SynthesizedStack = JSON.parse(JSON.stringify(stack));
  change(copy);
  return copy;
}
const first = (stack: SynthesizedStack, type: string) => Object.values(stack.resource[type])[0];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON and parsed HCL take any shape
const editPolicy = (resource: Record<string, any>, change: (d: PolicyDocument) => void) => {
  const document: PolicyDocument = JSON.parse(resource.policy);
  change(document);
  resource.policy = JSON.stringify(document);
};
const failingControls = (stack: SynthesizedStack): string[] =>
  ALL_CONTROLS.filter((c) => c.check(stack, STAGING).length > 0).map((c) => c.ids.split(" ")[0]);

test("the unmodified staging stack passes every control", () => {
  expect(failingControls(BASELINE)).toEqual([]);
});

const producerPolicy = (s: SynthesizedStack) => Object.values(s.resource.aws_iam_policy).find((p) => p.name.endsWith("-producer"));
const consumerPolicy = (s: SynthesizedStack) => Object.values(s.resource.aws_iam_policy).find((p) => p.name.endsWith("-consumer"));
const mainQueue = (s: SynthesizedStack) => Object.values(s.resource.aws_sqs_queue).find((q) => q.redrive_policy);

test.each<[string, string, (s: SynthesizedStack) => void]>([
  ["removing the bucket's TLS deny", "S3.5", (s) => editPolicy(first(s, "aws_s3_bucket_policy"), (d) => void d.Statement.splice(0, 1))],
  ["removing a queue's TLS deny", "SQS", (s) => editPolicy(first(s, "aws_sqs_queue_policy"), (d) => void d.Statement.splice(0))],
  [
    "adding a wildcard action to the producer policy",
    "IAM.21",
    (s) =>
      editPolicy(
        producerPolicy(s),
        (d) => void d.Statement.push({ Sid: "Oops", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::x/*" }),
      ),
  ],
  [
    "granting the consumer Resource *",
    "CKV_AWS_355",
    (s) =>
      editPolicy(consumerPolicy(s), (d) => void d.Statement.push({ Sid: "Oops", Effect: "Allow", Action: "s3:GetObject", Resource: "*" })),
  ],
  ["using alias/aws/sqs on a queue", "CKV_AWS_27", (s) => void (first(s, "aws_sqs_queue").kms_master_key_id = "alias/aws/sqs")],
  [
    "turning one public access flag off",
    "CKV_AWS_53",
    (s) => void (first(s, "aws_s3_bucket_public_access_block").ignore_public_acls = false),
  ],
  ["turning key rotation off", "CKV_AWS_7", (s) => void (first(s, "aws_kms_key").enable_key_rotation = false)],
  [
    "SSE-S3 as default encryption",
    "CKV_AWS_19",
    (s) =>
      void (first(s, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default.sse_algorithm =
        "AES256"),
  ],
  [
    "scoping the abort-multipart rule to a prefix",
    "CKV2_AWS_61",
    (s) => void (first(s, "aws_s3_bucket_lifecycle_configuration").rule[0].filter = [{ prefix: "payloads/" }]),
  ],
  [
    "suspending versioning in staging",
    "CKV_AWS_21",
    (s) => void (first(s, "aws_s3_bucket_versioning").versioning_configuration.status = "Suspended"),
  ],
  [
    "a string maxReceiveCount",
    "CT.SQS.PR.1",
    (s) => void (mainQueue(s).redrive_policy = mainQueue(s).redrive_policy.replace('"maxReceiveCount":5', '"maxReceiveCount":"5"')),
  ],
  [
    "a key policy open to anyone",
    "CKV_AWS_33",
    (s) => editPolicy(first(s, "aws_kms_key"), (d) => void d.Statement.splice(0, 1, { ...d.Statement[0], Principal: { AWS: "*" } })),
  ],
  ["force_destroy in staging", "deletion", (s) => void (first(s, "aws_s3_bucket").force_destroy = true)],
  ["dropping a tag", "project", (s) => void delete first(s, "aws_sqs_queue").tags.Pattern],
])("%s fails the control %s", (_name, controlId, change) => {
  expect(failingControls(mutate(BASELINE, change))).toContain(controlId);
});

test("removing the bucket's TLS deny lets a plain-HTTP upload through the simulator", async () => {
  const broken = mutate(synthEnvironment(devConfig({})), (s) =>
    editPolicy(first(s, "aws_s3_bucket_policy"), (d) => void d.Statement.splice(0, 2)),
  );
  const p = policiesOf(resolveStack(broken));
  const request = {
    principal: PRINCIPALS.producer,
    identityPolicies: [p.producer],
    action: "s3:PutObject",
    resource: `${p.bucketArn}/payloads/x.json`,
    resourcePolicy: p.bucketPolicy,
    context: { ...overPlainHttp, ...sseKms(p.keyArn) },
  };
  expect(await simulate(request)).toBe("Allowed");
});
