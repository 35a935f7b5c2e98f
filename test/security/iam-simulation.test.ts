import { PolicyDocument } from "../../modules/claim-check";
import { kmsViaS3, kmsViaSqs, overPlainHttp, overTls, sseKms } from "./support/contexts";
import { SAMPLE, StackPolicies } from "./support/sample-stack";
import { simulate, SimulationRequest } from "./support/simulator";
import { keyAdministratorVariant, PRINCIPALS, securityVariants } from "./support/variants";

type Case = [description: string, request: (p: StackPolicies) => SimulationRequest];

const OTHER_KEY = `arn:aws:kms:${SAMPLE.region}:${SAMPLE.accountId}:key/99999999-9999-9999-9999-999999999999`;
const object = (p: StackPolicies, key = "2026-11-21/0b7e.json") => `${p.bucketArn}/${p.payloadPrefix}${key}`;

type Caller = (p: StackPolicies) => Pick<SimulationRequest, "principal" | "identityPolicies">;
const producer: Caller = (p) => ({ principal: PRINCIPALS.producer, identityPolicies: [p.producer] });
const consumer: Caller = (p) => ({ principal: PRINCIPALS.consumer, identityPolicies: [p.consumer] });
const putPayload = (p: StackPolicies, context: Record<string, string>, resource = object(p)): SimulationRequest => ({
  ...producer(p),
  action: "s3:PutObject",
  resource,
  resourcePolicy: p.bucketPolicy,
  context,
});
const onQueue =
  (who: Caller, action: string, context: Record<string, string> = overTls) =>
  (p: StackPolicies) => ({
    ...who(p),
    action,
    resource: p.queueArn,
    resourcePolicy: p.queuePolicy,
    context,
  });
const onKey = (who: Caller, action: string, context: (p: StackPolicies) => Record<string, string>) => (p: StackPolicies) => ({
  ...who(p),
  action,
  resource: p.keyArn,
  resourcePolicy: p.keyPolicy,
  context: context(p),
});
const getPayload =
  (who: Caller, context: Record<string, string> = overTls) =>
  (p: StackPolicies) => ({
    ...who(p),
    action: "s3:GetObject",
    resource: object(p),
    resourcePolicy: p.bucketPolicy,
    context,
  });

const listBucket = (who: Caller, prefix?: string) => (p: StackPolicies) => ({
  ...who(p),
  action: "s3:ListBucket",
  resource: p.bucketArn,
  resourcePolicy: p.bucketPolicy,
  context: { ...overTls, ...(prefix === undefined ? {} : { "s3:prefix": prefix }) },
});

const MUST_ALLOW: Case[] = [
  ["producer PutObject under the prefix, over TLS, with the module's key", (p) => putPayload(p, { ...overTls, ...sseKms(p.keyArn) })],
  ["producer CreateMultipartUpload asking for the module's key", (p) => putPayload(p, { ...overTls, ...sseKms(p.keyArn) })],
  // UploadPart and CompleteMultipartUpload are authorized as s3:PutObject and carry no SSE headers (defect 2).
  ["producer UploadPart without SSE headers", (p) => putPayload(p, overTls)],
  ["producer CompleteMultipartUpload without SSE headers", (p) => putPayload(p, overTls)],
  ["producer PutObject without SSE headers (the bucket default applies the module's key)", (p) => putPayload(p, overTls)],
  [
    "producer presigned PUT with the SSE headers",
    (p) =>
      putPayload(p, { ...overTls, ...sseKms(p.keyArn), "s3:authType": "REST-QUERY-STRING", "s3:signatureversion": "AWS4-HMAC-SHA256" }),
  ],
  [
    "consumer ListBucket under the payload prefix (so S3 answers 404 for a missing payload)",
    (p) => listBucket(consumer, `${p.payloadPrefix}2026-11-21/0b7e.json`)(p),
  ],
  ["producer AbortMultipartUpload under the prefix", (p) => ({ ...putPayload(p, overTls), action: "s3:AbortMultipartUpload" })],
  ["producer SendMessage", onQueue(producer, "sqs:SendMessage")],
  ["consumer ReceiveMessage", onQueue(consumer, "sqs:ReceiveMessage")],
  ["consumer DeleteMessage", onQueue(consumer, "sqs:DeleteMessage")],
  ["consumer ChangeMessageVisibility", onQueue(consumer, "sqs:ChangeMessageVisibility")],
  ["consumer GetObject", getPayload(consumer)],
  ["producer GenerateDataKey via S3", onKey(producer, "kms:GenerateDataKey", (p) => kmsViaS3(p.bucketArn))],
  ["producer GenerateDataKey via S3, object context (no bucket key)", onKey(producer, "kms:GenerateDataKey", (p) => kmsViaS3(object(p)))],
  ["producer Decrypt via S3 (completing a multipart upload)", onKey(producer, "kms:Decrypt", (p) => kmsViaS3(p.bucketArn))],
  ["producer GenerateDataKey via SQS", onKey(producer, "kms:GenerateDataKey", () => kmsViaSqs)],
  ["consumer Decrypt via S3", onKey(consumer, "kms:Decrypt", (p) => kmsViaS3(p.bucketArn))],
  ["consumer Decrypt via SQS", onKey(consumer, "kms:Decrypt", () => kmsViaSqs)],
];

const MUST_DENY: Case[] = [
  ["producer PutObject over plain HTTP", (p) => putPayload(p, { ...overPlainHttp, ...sseKms(p.keyArn) })],
  ["producer PutObject over TLS 1.1", (p) => putPayload(p, { ...overTls, "s3:TlsVersion": "1.1", ...sseKms(p.keyArn) })],
  ["producer PutObject with another KMS key", (p) => putPayload(p, { ...overTls, ...sseKms(OTHER_KEY) })],
  ["producer PutObject with SSE-S3", (p) => putPayload(p, { ...overTls, "s3:x-amz-server-side-encryption": "AES256" })],
  [
    "producer PutObject asking for SSE-KMS without a key id (S3 would use the AWS-managed key)",
    (p) => putPayload(p, { ...overTls, "s3:x-amz-server-side-encryption": "aws:kms" }),
  ],
  [
    "producer PutObject with the other key's id only",
    (p) => putPayload(p, { ...overTls, "s3:x-amz-server-side-encryption-aws-kms-key-id": OTHER_KEY }),
  ],
  ["producer UploadPart over plain HTTP", (p) => putPayload(p, overPlainHttp)],
  [
    "producer PutObject with SSE-C and no other header",
    (p) => putPayload(p, { ...overTls, "s3:x-amz-server-side-encryption-customer-algorithm": "AES256" }),
  ],
  [
    "producer presigned PUT with SSE-S3",
    (p) => putPayload(p, { ...overTls, "s3:authType": "REST-QUERY-STRING", "s3:x-amz-server-side-encryption": "AES256" }),
  ],
  ["consumer ListBucket without a prefix", (p) => listBucket(consumer)(p)],
  ["consumer ListBucket outside the payload prefix", (p) => listBucket(consumer, "other/")(p)],
  [
    "consumer ListBucket with a prefix that only starts like the payload prefix",
    (p) => listBucket(consumer, p.payloadPrefix.slice(0, -1))(p),
  ],
  ["producer ListBucket under the payload prefix", (p) => listBucket(producer, p.payloadPrefix)(p)],
  [
    "consumer PutObjectTagging outside the prefix",
    (p) => ({ ...getPayload(consumer)(p), action: "s3:PutObjectTagging", resource: `${p.bucketArn}/other/x.json` }),
  ],
  ["producer PutObjectTagging", (p) => ({ ...getPayload(producer)(p), action: "s3:PutObjectTagging" })],
  ["consumer PutObjectTagging over plain HTTP", (p) => ({ ...getPayload(consumer, overPlainHttp)(p), action: "s3:PutObjectTagging" })],
  [
    "producer PutObject with SSE-C",
    (p) => putPayload(p, { ...overTls, ...sseKms(p.keyArn), "s3:x-amz-server-side-encryption-customer-algorithm": "AES256" }),
  ],
  ["producer PutObject outside the prefix", (p) => putPayload(p, { ...overTls, ...sseKms(p.keyArn) }, `${p.bucketArn}/other/x.json`)],
  ["producer GetObject", getPayload(producer)],
  ["producer ReceiveMessage", onQueue(producer, "sqs:ReceiveMessage")],
  ["producer SendMessage over plain HTTP", onQueue(producer, "sqs:SendMessage", overPlainHttp)],
  [
    "producer SendMessage to the DLQ",
    (p) => ({ ...onQueue(producer, "sqs:SendMessage")(p), resource: p.dlqArn, resourcePolicy: p.dlqPolicy }),
  ],
  ["consumer PutObject", (p) => ({ ...putPayload(p, { ...overTls, ...sseKms(p.keyArn) }), ...consumer(p) })],
  ["consumer SendMessage", onQueue(consumer, "sqs:SendMessage")],
  ["consumer ReceiveMessage over plain HTTP", onQueue(consumer, "sqs:ReceiveMessage", overPlainHttp)],
  ["consumer GetObject over plain HTTP", getPayload(consumer, overPlainHttp)],
  ["consumer GetObject outside the prefix", (p) => ({ ...getPayload(consumer)(p), resource: `${p.bucketArn}/other/x.json` })],
  [
    "consumer ReceiveMessage on the DLQ",
    (p) => ({ ...onQueue(consumer, "sqs:ReceiveMessage")(p), resource: p.dlqArn, resourcePolicy: p.dlqPolicy }),
  ],
  ["consumer GenerateDataKey via S3", onKey(consumer, "kms:GenerateDataKey", (p) => kmsViaS3(p.bucketArn))],
  ["producer GenerateDataKey called directly (no service)", onKey(producer, "kms:GenerateDataKey", () => ({}))],
  [
    "producer Decrypt via another service",
    onKey(producer, "kms:Decrypt", () => ({ "kms:ViaService": `ec2.${SAMPLE.region}.amazonaws.com` })),
  ],
  [
    "producer GenerateDataKey via S3 of another region",
    onKey(producer, "kms:GenerateDataKey", () => ({ "kms:ViaService": "s3.us-east-1.amazonaws.com" })),
  ],
  [
    "producer GenerateDataKey via S3 for another bucket",
    onKey(producer, "kms:GenerateDataKey", () => kmsViaS3("arn:aws:s3:::someone-elses-bucket")),
  ],
  ["consumer Decrypt called directly", onKey(consumer, "kms:Decrypt", () => ({}))],
  ["an unrelated role GetObject", (p) => ({ ...getPayload(consumer)(p), principal: PRINCIPALS.unrelated, identityPolicies: [] })],
  [
    "an unrelated role SendMessage",
    (p) => ({ ...onQueue(producer, "sqs:SendMessage")(p), principal: PRINCIPALS.unrelated, identityPolicies: [] }),
  ],
  [
    "an unrelated role Decrypt via SQS",
    (p) => ({ ...onKey(consumer, "kms:Decrypt", () => kmsViaSqs)(p), principal: PRINCIPALS.unrelated, identityPolicies: [] }),
  ],
];

/** Another account's role with an identity policy that allows everything it could ask for. */
const ALLOW_ALL: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Everything", Effect: "Allow", Action: ["s3:*", "sqs:*", "kms:*"], Resource: "*" }],
};
const FROM_OTHER_ACCOUNT: Case[] = [
  ["another account PutObject", (p) => ({ ...putPayload(p, { ...overTls, ...sseKms(p.keyArn) }) })],
  ["another account GetObject", getPayload(consumer)],
  ["another account SendMessage", onQueue(producer, "sqs:SendMessage")],
  ["another account ReceiveMessage", onQueue(consumer, "sqs:ReceiveMessage")],
  ["another account Decrypt via S3", onKey(consumer, "kms:Decrypt", (p) => kmsViaS3(p.bucketArn))],
];

/** Key administrators manage the key and never reach its data, directly or through a grant or a new key policy (defect 7). */
describe("a key administrator of the created key", () => {
  const p = keyAdministratorVariant().policies;
  const asAdministrator = (action: string) =>
    simulate({ principal: PRINCIPALS.keyAdministrator, identityPolicies: [], action, resource: p.keyArn, resourcePolicy: p.keyPolicy });

  // TagResource/UntagResource: where KMS access is granted by tags (ABAC), retagging the key would grant access.
  test.each([
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:ReEncryptFrom",
    "kms:CreateGrant",
    "kms:PutKeyPolicy",
    "kms:TagResource",
    "kms:UntagResource",
  ])("is denied %s", async (action) => {
    expect(await asAdministrator(action)).toMatch(/Denied$/);
  });

  test.each(["kms:DescribeKey", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:RevokeGrant", "kms:ListResourceTags"])(
    "is allowed %s",
    async (action) => {
      expect(await asAdministrator(action)).toBe("Allowed");
    },
  );
});

describe.each(securityVariants().map((v) => [v.name, v] as const))("%s", (_name, variant) => {
  const p = variant.policies;

  test.each(MUST_ALLOW)("allows: %s", async (_description, request) => {
    expect(await simulate(request(p))).toBe("Allowed");
  });

  test.each(MUST_DENY)("denies: %s", async (_description, request) => {
    expect(await simulate(request(p))).toMatch(/Denied$/);
  });

  test.each(FROM_OTHER_ACCOUNT)("denies: %s, even with an allow-all identity policy", async (_description, request) => {
    const result = await simulate({ ...request(p), principal: PRINCIPALS.otherAccount, identityPolicies: [ALLOW_ALL] });
    expect(result).toMatch(/Denied$/);
  });

  test("TLS is enforced by an explicit deny, not just a missing allow", async () => {
    expect(await simulate(putPayload(p, { ...overPlainHttp, ...sseKms(p.keyArn) }))).toBe("ExplicitlyDenied");
    expect(await simulate(onQueue(producer, "sqs:SendMessage", overPlainHttp)(p))).toBe("ExplicitlyDenied");
    expect(
      await simulate({ ...onQueue(producer, "sqs:SendMessage", overPlainHttp)(p), resource: p.dlqArn, resourcePolicy: p.dlqPolicy }),
    ).toBe("ExplicitlyDenied");
  });

  test.each(["s3:PutObjectTagging", "s3:PutObjectVersionTagging"])(
    `consumer %s under the prefix is ${variant.expireConsumedPayloads ? "allowed (asynchronous cleanup)" : "denied (expiry of consumed payloads off)"}`,
    async (action) => {
      const result = await simulate({ ...getPayload(consumer)(p), action });
      expect(result).toBe(variant.expireConsumedPayloads ? "Allowed" : "ImplicitlyDenied");
    },
  );

  test(`consumer DeleteObject is ${variant.deleteOnConsume ? "allowed (delete-on-consume)" : "denied (lifecycle cleans up)"}`, async () => {
    const result = await simulate({ ...getPayload(consumer)(p), action: "s3:DeleteObject" });
    expect(result).toBe(variant.deleteOnConsume ? "Allowed" : "ImplicitlyDenied");
  });
});
