import { buildBucketPolicy, buildKeyPolicy, PolicyDocument } from "../../modules/claim-check";
import {
  buildAppKeyPolicy,
  buildFunctionPolicy,
  buildStateMachinePolicy,
  FUNCTION_ROLES,
  FunctionRole,
  OrdersPolicyInputs,
} from "../../modules/orders";
import { overPlainHttp, overTls, sseKms } from "../security/support/contexts";
import { SAMPLE } from "../security/support/sample-stack";
import { simulate } from "../security/support/simulator";

jest.setTimeout(120_000);

const { partition: p, region: r, accountId: a } = SAMPLE;
const key = (id: string) => `arn:${p}:kms:${r}:${a}:key/${id}`;
const bucketArn = `arn:${p}:s3:::orders-dev-payloads`;
const fn = (name: string) => `arn:${p}:lambda:${r}:${a}:function:orders-dev-${name}`;
const inputs = (versioning: boolean): OrdersPolicyInputs => ({
  region: r,
  bucketArn,
  payloadPrefix: "payloads/",
  versioning,
  claimQueueArn: `arn:${p}:sqs:${r}:${a}:orders-dev-claims`,
  payloadKeyArn: key("11111111-1111-4111-8111-111111111111"),
  appKeyArn: key("22222222-2222-4222-8222-222222222222"),
  tableArn: `arn:${p}:dynamodb:${r}:${a}:table/orders-dev`,
  stateMachineArn: `arn:${p}:states:${r}:${a}:stateMachine:orders-dev-workflow`,
  topicArn: `arn:${p}:sns:${r}:${a}:orders-dev-order-events`,
  outboxQueueArn: `arn:${p}:sqs:${r}:${a}:orders-dev-webhook-outbox`,
  webhookSecretArn: `arn:${p}:secretsmanager:${r}:${a}:secret:orders-dev/webhook-signing-secret-AbCdEf`,
  connectionsArn: `arn:${p}:execute-api:${r}:${a}:wsapi123/live/POST/@connections/*`,
  workflowFunctionArns: [fn("save-order"), fn("process-payment"), fn("update-order"), fn("fail-order")],
});
const I = inputs(false);
const object = `${bucketArn}/payloads/2026-11-21/k`;
const via = (service: string, extra: Record<string, string> = {}) => ({ "kms:ViaService": `${service}.${r}.amazonaws.com`, ...extra });
const logGroupArn = (role: string) => `arn:${p}:logs:${r}:${a}:log-group:/aws/lambda/orders-dev-${role}`;

interface Probe {
  readonly name: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
}

/** Every request any principal of the application could legitimately make, plus near misses. */
const PROBES: Probe[] = [
  { name: "put payload", action: "s3:PutObject", resource: object },
  { name: "put outside prefix", action: "s3:PutObject", resource: `${bucketArn}/other/k` },
  { name: "get payload", action: "s3:GetObject", resource: object },
  { name: "get payload version", action: "s3:GetObjectVersion", resource: object },
  { name: "delete payload", action: "s3:DeleteObject", resource: object },
  { name: "delete payload version", action: "s3:DeleteObjectVersion", resource: object },
  { name: "send claim", action: "sqs:SendMessage", resource: I.claimQueueArn },
  ...["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"].flatMap((action) => [
    { name: `${action} claims`, action, resource: I.claimQueueArn },
    { name: `${action} outbox`, action, resource: I.outboxQueueArn },
  ]),
  {
    name: "payload key data key via s3",
    action: "kms:GenerateDataKey",
    resource: I.payloadKeyArn,
    context: via("s3", { "kms:EncryptionContext:aws:s3:arn": bucketArn }),
  },
  {
    name: "payload key decrypt via s3",
    action: "kms:Decrypt",
    resource: I.payloadKeyArn,
    context: via("s3", { "kms:EncryptionContext:aws:s3:arn": bucketArn }),
  },
  {
    name: "payload key via s3 for another bucket",
    action: "kms:Decrypt",
    resource: I.payloadKeyArn,
    context: via("s3", { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::other" }),
  },
  { name: "payload key data key via sqs", action: "kms:GenerateDataKey", resource: I.payloadKeyArn, context: via("sqs") },
  { name: "payload key decrypt via sqs", action: "kms:Decrypt", resource: I.payloadKeyArn, context: via("sqs") },
  { name: "payload key directly", action: "kms:Decrypt", resource: I.payloadKeyArn },
  ...["dynamodb", "sqs", "sns", "states", "secretsmanager"].flatMap((service) => [
    { name: `app key decrypt via ${service}`, action: "kms:Decrypt", resource: I.appKeyArn, context: via(service) },
    { name: `app key data key via ${service}`, action: "kms:GenerateDataKey", resource: I.appKeyArn, context: via(service) },
  ]),
  { name: "app key directly", action: "kms:Decrypt", resource: I.appKeyArn },
  ...["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan"].map((op) => ({
    name: `table ${op}`,
    action: `dynamodb:${op}`,
    resource: I.tableArn,
  })),
  { name: "index Query", action: "dynamodb:Query", resource: `${I.tableArn}/index/gsi1` },
  { name: "other table", action: "dynamodb:GetItem", resource: `arn:${p}:dynamodb:${r}:${a}:table/other` },
  { name: "start execution", action: "states:StartExecution", resource: I.stateMachineArn },
  { name: "start other workflow", action: "states:StartExecution", resource: `arn:${p}:states:${r}:${a}:stateMachine:other` },
  {
    name: "push",
    action: "execute-api:ManageConnections",
    resource: `arn:${p}:execute-api:${r}:${a}:wsapi123/live/POST/@connections/abc=`,
  },
  {
    name: "push to another api",
    action: "execute-api:ManageConnections",
    resource: `arn:${p}:execute-api:${r}:${a}:other/live/POST/@connections/abc=`,
  },
  { name: "read signing secret", action: "secretsmanager:GetSecretValue", resource: I.webhookSecretArn },
  { name: "publish event", action: "sns:Publish", resource: I.topicArn },
  ...I.workflowFunctionArns.map((arn) => ({
    name: `invoke ${arn.split("-").slice(-2).join("-")}`,
    action: "lambda:InvokeFunction",
    resource: arn,
  })),
  { name: "invoke another function", action: "lambda:InvokeFunction", resource: fn("create-order") },
];

/** The intended grants per principal, written out here (not read from the module) so a widened policy fails. */
const DB = (...ops: string[]) => [
  ...ops.map((op) => `table ${op}`),
  ...(ops.includes("Query") ? ["index Query"] : []),
  "app key decrypt via dynamodb",
  "app key data key via dynamodb",
];
const INTENDED: Record<FunctionRole, string[]> = {
  presignedUrl: ["put payload", "payload key data key via s3", ...DB("PutItem")],
  createOrder: [
    "put payload",
    "get payload",
    "payload key data key via s3",
    "payload key decrypt via s3",
    "send claim",
    "payload key data key via sqs",
    "payload key decrypt via sqs",
    ...DB("GetItem", "PutItem", "UpdateItem", "DeleteItem"),
  ],
  getOrder: DB("GetItem", "Query"),
  startExecution: [
    ...["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"].map((x) => `${x} claims`),
    "payload key decrypt via sqs",
    "start execution",
    "app key data key via states",
    ...DB("GetItem", "UpdateItem", "Query"),
    "push",
  ],
  saveOrder: ["get payload", "payload key decrypt via s3", ...DB("GetItem", "UpdateItem", "Query"), "push"],
  processPayment: DB("UpdateItem"),
  updateOrder: [...DB("GetItem", "UpdateItem", "Query", "DeleteItem"), "push"],
  failOrder: [...DB("GetItem", "UpdateItem", "Query", "DeleteItem"), "push"],
  wsAuthorizer: [],
  wsConnect: [],
  wsDisconnect: DB("Query", "DeleteItem"),
  wsSubscribe: DB("GetItem", "Query", "PutItem"),
  webhookDispatcher: [
    ...["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"].map((x) => `${x} outbox`),
    "app key decrypt via sqs",
    "read signing secret",
    "app key decrypt via secretsmanager",
  ],
};

/** KMS needs its key policy to delegate to IAM (both keys do, to the account root). */
const KEY_POLICIES: Record<string, PolicyDocument> = {
  [I.payloadKeyArn]: buildKeyPolicy({ partition: p, accountId: a, administratorArns: [] }),
  [I.appKeyArn]: buildAppKeyPolicy({ partition: p, accountId: a, region: r, topicArn: I.topicArn }),
};

async function allowedProbes(policy: PolicyDocument): Promise<string[]> {
  const allowed: string[] = [];
  for (const probe of PROBES) {
    const result = await simulate({
      principal: `arn:${p}:iam::${a}:role/test`,
      action: probe.action,
      resource: probe.resource,
      identityPolicies: [policy],
      resourcePolicy: KEY_POLICIES[probe.resource],
      context: probe.context,
    });
    if (result === "Allowed") allowed.push(probe.name);
  }
  return allowed.sort();
}

test.each(FUNCTION_ROLES)("%s: the allowed set equals the intended set", async (role) => {
  const policy = buildFunctionPolicy(role, I, logGroupArn(role));
  expect(await allowedProbes(policy)).toEqual([...INTENDED[role]].sort());
  // and it writes only its own logs
  const own = await simulate({
    principal: `arn:${p}:iam::${a}:role/t`,
    action: "logs:PutLogEvents",
    resource: `${logGroupArn(role)}:log-stream:x`,
    identityPolicies: [policy],
  });
  const other = await simulate({
    principal: `arn:${p}:iam::${a}:role/t`,
    action: "logs:PutLogEvents",
    resource: `${logGroupArn("someone-else")}:log-stream:x`,
    identityPolicies: [policy],
  });
  expect([own, other]).toEqual(["Allowed", "ImplicitlyDenied"]);
});

test("versioned buckets: SaveOrder may read exact versions", async () => {
  expect(await allowedProbes(buildFunctionPolicy("saveOrder", inputs(true), logGroupArn("save-order")))).toContain("get payload version");
});

test.each([false, true])(
  "state machine role (versioning %s): invoke the four functions, publish, delete payloads, its key",
  async (versioning) => {
    const allowed = await allowedProbes(buildStateMachinePolicy(inputs(versioning)));
    expect(allowed).toEqual(
      [
        "delete payload",
        ...(versioning ? ["delete payload version"] : []),
        "publish event",
        "app key decrypt via sns",
        "app key data key via sns",
        "app key decrypt via states",
        "app key data key via states",
        ...I.workflowFunctionArns.map((arn) => `invoke ${arn.split("-").slice(-2).join("-")}`),
      ].sort(),
    );
  },
);

test("a presigned PUT signed by the presign role passes the module's bucket policy over TLS, unless it asks for another encryption", async () => {
  const bucketPolicy = buildBucketPolicy({ bucketArn, keyArn: I.payloadKeyArn });
  const identityPolicies = [buildFunctionPolicy("presignedUrl", I, logGroupArn("presigned-url"))];
  const put = (context: Record<string, string>) =>
    simulate({
      principal: `arn:${p}:iam::${a}:role/orders-dev-presigned-url`,
      action: "s3:PutObject",
      resource: object,
      identityPolicies,
      resourcePolicy: bucketPolicy,
      context,
    });
  expect(await put({ ...overTls, ...sseKms(I.payloadKeyArn) })).toBe("Allowed");
  // Without SSE headers the bucket default (SSE-KMS, the module's key) applies: the policy lets multipart parts through.
  expect(await put(overTls)).toBe("Allowed");
  expect(await put({ ...overTls, ...sseKms(I.appKeyArn) })).toBe("ExplicitlyDenied");
  expect(await put({ ...overTls, "s3:x-amz-server-side-encryption": "AES256" })).toBe("ExplicitlyDenied");
  expect(await put({ ...overPlainHttp, ...sseKms(I.payloadKeyArn) })).toBe("ExplicitlyDenied");
});
