import {
  buildBucketPolicy,
  buildConsumerPolicy,
  buildKeyPolicy,
  buildProducerPolicy,
  buildQueuePolicy,
  buildRequiredKeyPolicyStatements,
  IdentityPolicyInputs,
  KEY_ADMINISTRATOR_ACTIONS,
  PolicyDocument,
} from "../../modules/claim-check";
import { actionsOf, parsePolicy, ref, resourceById, synthClaimCheck } from "../support/synth";

const INPUTS: IdentityPolicyInputs = {
  region: "eu-west-1",
  bucketArn: "arn:aws:s3:::orders-bucket",
  payloadPrefix: "payloads/",
  queueArn: "arn:aws:sqs:eu-west-1:111122223333:orders-claims",
  keyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  versioning: false,
  deleteOnConsume: false,
};

/** Every action of every Allow statement, sorted. */
const allowedActions = (document: PolicyDocument): string[] =>
  document.Statement.filter((s) => s.Effect === "Allow")
    .flatMap(actionsOf)
    .filter((a, i, all) => all.indexOf(a) === i)
    .sort();

const allResources = (document: PolicyDocument): string[] =>
  document.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

describe("producer policy", () => {
  const producer = buildProducerPolicy(INPUTS);

  test("allows exactly PutObject, AbortMultipartUpload, SendMessage, GenerateDataKey and Decrypt", () => {
    expect(allowedActions(producer)).toEqual([
      "kms:Decrypt",
      "kms:GenerateDataKey",
      "s3:AbortMultipartUpload",
      "s3:PutObject",
      "sqs:SendMessage",
    ]);
  });

  test("writes only under the payload prefix and sends only to the claim queue", () => {
    expect(producer.Statement[0]).toEqual({
      Sid: "WritePayloads",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
      Resource: "arn:aws:s3:::orders-bucket/payloads/*",
    });
    expect(producer.Statement[1]).toEqual({ Sid: "SendClaims", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: INPUTS.queueArn });
  });

  test("uses the key only via S3 (for this bucket) and via SQS of the region", () => {
    const [viaS3, viaSqs] = producer.Statement.slice(2);
    expect(viaS3).toEqual({
      Sid: "UseKeyViaS3",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: INPUTS.keyArn,
      Condition: {
        StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::orders-bucket", "arn:aws:s3:::orders-bucket/payloads/*"] },
      },
    });
    expect(viaSqs.Condition).toEqual({ StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } });
  });
});

describe("consumer policy", () => {
  test("allows exactly the receive set, GetObject, ListBucket, consumed tagging and Decrypt by default", () => {
    expect(allowedActions(buildConsumerPolicy(INPUTS))).toEqual([
      "kms:Decrypt",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:PutObjectTagging",
      "s3:PutObjectVersionTagging",
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
    ]);
  });

  test("gets s3:DeleteObject only with delete-on-consume", () => {
    expect(allowedActions(buildConsumerPolicy({ ...INPUTS, deleteOnConsume: true }))).toContain("s3:DeleteObject");
    expect(allowedActions(buildConsumerPolicy(INPUTS))).not.toContain("s3:DeleteObject");
  });

  test("gets s3:GetObjectVersion only on a versioned bucket, where claims pin the version", () => {
    expect(allowedActions(buildConsumerPolicy({ ...INPUTS, versioning: true }))).toContain("s3:GetObjectVersion");
    expect(allowedActions(buildConsumerPolicy(INPUTS))).not.toContain("s3:GetObjectVersion");
  });

  test("lists the bucket only under the payload prefix, so S3 answers 404 for a missing payload", () => {
    const list = buildConsumerPolicy(INPUTS).Statement.find((s) => s.Sid === "ListPayloadPrefix");
    expect(list).toEqual({
      Sid: "ListPayloadPrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: INPUTS.bucketArn,
      Condition: { StringLike: { "s3:prefix": "payloads/*" } },
    });
  });

  test("tags payloads as consumed unless expireConsumedPayloads is false", () => {
    const tagging = (document: PolicyDocument) => document.Statement.find((s) => s.Sid === "TagConsumedPayloads");
    expect(tagging(buildConsumerPolicy(INPUTS))).toMatchObject({
      Action: ["s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
      Resource: "arn:aws:s3:::orders-bucket/payloads/*",
    });
    expect(tagging(buildConsumerPolicy({ ...INPUTS, expireConsumedPayloads: false }))).toBeUndefined();
  });

  test("never gets DeleteObjectVersion, SendMessage or GenerateDataKey", () => {
    const actions = allowedActions(buildConsumerPolicy({ ...INPUTS, deleteOnConsume: true, versioning: true }));
    expect(actions).not.toEqual(expect.arrayContaining(["s3:DeleteObjectVersion"]));
    expect(actions).not.toContain("sqs:SendMessage");
    expect(actions).not.toContain("kms:GenerateDataKey");
  });
});

describe("no wildcards in identity policies", () => {
  const variants = [INPUTS, { ...INPUTS, deleteOnConsume: true, versioning: true }];
  test.each(variants.flatMap((v) => [buildProducerPolicy(v), buildConsumerPolicy(v)]).map((d, i) => [i, d] as const))(
    "document %i has no wildcard action and no bare '*' resource",
    (_i, document) => {
      for (const action of document.Statement.flatMap(actionsOf)) expect(action).not.toMatch(/\*/);
      for (const resource of allResources(document)) expect(resource).not.toBe("*");
      for (const statement of document.Statement) expect(statement.Principal).toBeUndefined();
    },
  );
});

describe("resource policies", () => {
  test("the bucket policy denies non-TLS, old TLS, and uploads asking for other encryption, another key or SSE-C", () => {
    const document = buildBucketPolicy({ bucketArn: "arn:aws:s3:::b", keyArn: INPUTS.keyArn });
    expect(document.Version).toBe("2012-10-17");
    expect(document.Statement.every((s) => s.Effect === "Deny" && s.Condition !== undefined)).toBe(true);
    expect(document.Statement.map((s) => [s.Sid, s.Action, s.Condition])).toEqual([
      ["DenyInsecureTransport", "s3:*", { Bool: { "aws:SecureTransport": "false" } }],
      ["DenyOutdatedTls", "s3:*", { NumericLessThan: { "s3:TlsVersion": "1.2" } }],
      [
        "DenyUploadsWithOtherEncryption",
        "s3:PutObject",
        { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" }, Null: { "s3:x-amz-server-side-encryption": "false" } },
      ],
      [
        "DenyUploadsWithOtherKmsKey",
        "s3:PutObject",
        {
          StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": INPUTS.keyArn },
          Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        },
      ],
      [
        "DenyUploadsWithTheAwsManagedKey",
        "s3:PutObject",
        {
          StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
          Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
        },
      ],
      ["DenyUploadsWithSseC", "s3:PutObject", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }],
    ]);
    expect(document.Statement[0].Resource).toEqual(["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
  });

  test("the queue policy denies every non-TLS request on that queue", () => {
    expect(buildQueuePolicy(INPUTS.queueArn)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: INPUTS.queueArn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  test("the key policy delegates to the account and adds named administrators without data access", () => {
    const document = buildKeyPolicy({
      partition: "aws",
      accountId: "111122223333",
      administratorArns: ["arn:aws:iam::111122223333:role/KeyAdmin"],
    });
    expect(document.Statement[0].Principal).toEqual({ AWS: "arn:aws:iam::111122223333:root" });
    expect(document.Statement[1]).toEqual({
      Sid: "AllowKeyAdministration",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::111122223333:role/KeyAdmin"] },
      Action: KEY_ADMINISTRATOR_ACTIONS,
      Resource: "*",
    });
    expect(KEY_ADMINISTRATOR_ACTIONS.some((a) => /Encrypt|Decrypt|GenerateDataKey|ReEncrypt|CreateGrant|PutKeyPolicy|\*/.test(a))).toBe(
      false,
    );
  });

  test("the statements for an existing key carry the same S3 and SQS conditions as the identity policies", () => {
    const statements = buildRequiredKeyPolicyStatements({
      region: "eu-west-1",
      bucketArn: "arn:aws:s3:::orders-bucket",
      payloadPrefix: "payloads/",
      producerPrincipals: ["arn:aws:iam::111122223333:role/producer"],
      consumerPrincipals: ["arn:aws:iam::111122223333:role/consumer"],
    });
    expect(statements.map((s) => [s.Sid, s.Principal, s.Action, s.Resource])).toEqual([
      ["ClaimCheckProducersViaS3", { AWS: ["arn:aws:iam::111122223333:role/producer"] }, ["kms:GenerateDataKey", "kms:Decrypt"], "*"],
      ["ClaimCheckProducersViaSqs", { AWS: ["arn:aws:iam::111122223333:role/producer"] }, ["kms:GenerateDataKey", "kms:Decrypt"], "*"],
      ["ClaimCheckConsumersViaS3", { AWS: ["arn:aws:iam::111122223333:role/consumer"] }, ["kms:Decrypt"], "*"],
      ["ClaimCheckConsumersViaSqs", { AWS: ["arn:aws:iam::111122223333:role/consumer"] }, ["kms:Decrypt"], "*"],
    ]);
    expect(statements[0].Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
      StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::orders-bucket", "arn:aws:s3:::orders-bucket/payloads/*"] },
    });
    expect(statements[3].Condition).toEqual({ StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } });
  });
});

describe("synthesized IAM policies hold the finished documents", () => {
  const stack = synthClaimCheck({ deleteOnConsume: true });
  const producer = resourceById(stack, "aws_iam_policy", "ProducerPolicy");
  const consumer = resourceById(stack, "aws_iam_policy", "ConsumerPolicy");

  test("as JSON strings that parse, with references to the module's resources", () => {
    const bucketArn = ref(stack, "aws_s3_bucket", "PayloadBucket", "arn");
    expect(producer.name).toBe("orders-producer");
    expect(consumer.name).toBe("orders-consumer");
    expect(parsePolicy(producer.policy).Statement[0].Resource).toBe(`${bucketArn}/payloads/*`);
    expect(parsePolicy(consumer.policy).Statement[0].Resource).toBe(ref(stack, "aws_sqs_queue", "Queue", "arn"));
    expect(allowedActions(parsePolicy(consumer.policy))).toEqual([
      "kms:Decrypt",
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:ListBucket",
      "s3:PutObjectTagging",
      "s3:PutObjectVersionTagging",
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
    ]);
  });

  test("and no plan-time policy data source", () => {
    expect(stack.data?.aws_iam_policy_document).toBeUndefined();
  });
});
