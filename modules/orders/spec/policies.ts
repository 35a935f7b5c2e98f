import { payloadObjectsArn, PolicyDocument, policyDocument, PolicyStatement } from "../../claim-check";
import { FunctionRole } from "./function-roles";
import { denyInsecureQueueTransport } from "../../claim-check/spec/policies";

/** Every ARN the application's policies name (Terraform tokens at synth, sample ARNs in tests). */
export interface OrdersPolicyInputs {
  readonly region: string;
  readonly bucketArn: string;
  readonly payloadPrefix: string;
  readonly versioning: boolean;
  readonly claimQueueArn: string;
  /** The claim-check module's key (payloads and claim queue). */
  readonly payloadKeyArn: string;
  /** The application's key (table, topic, outbox, state machine, logs, secret). */
  readonly appKeyArn: string;
  readonly tableArn: string;
  readonly stateMachineArn: string;
  readonly topicArn: string;
  readonly outboxQueueArn: string;
  readonly webhookSecretArn: string;
  /** arn:aws:execute-api:{region}:{account}:{wsApiId}/{stage}/POST/@connections/* */
  readonly connectionsArn: string;
  /** The function ARNs the state machine invokes. */
  readonly workflowFunctionArns: readonly string[];
}

export const SQS_CONSUME_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];
export const XRAY_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];
export const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
];

const via = (service: string, region: string) => ({ StringEquals: { "kms:ViaService": `${service}.${region}.amazonaws.com` } });
const allow = (Sid: string, Action: string[], Resource: string | string[], Condition?: PolicyStatement["Condition"]): PolicyStatement => ({
  Sid,
  Effect: "Allow",
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

/** DynamoDB actions on the table and its indexes, with the app key via DynamoDB. */
function table(i: OrdersPolicyInputs, actions: string[]): PolicyStatement[] {
  return [
    allow("OrdersTable", actions, [i.tableArn, `${i.tableArn}/index/*`]),
    allow("OrdersTableKey", ["kms:Decrypt", "kms:GenerateDataKey"], i.appKeyArn, via("dynamodb", i.region)),
  ];
}

/** The payload key used by S3 for this bucket's payloads only (encryption context = bucket or object ARN). */
function payloadKeyViaS3(i: OrdersPolicyInputs, actions: string[]): PolicyStatement {
  return allow("PayloadKeyViaS3", actions, i.payloadKeyArn, {
    ...via("s3", i.region),
    StringLike: { "kms:EncryptionContext:aws:s3:arn": [i.bucketArn, payloadObjectsArn(i.bucketArn, i.payloadPrefix)] },
  });
}

const push = (i: OrdersPolicyInputs) => allow("PushToWebSocket", ["execute-api:ManageConnections"], i.connectionsArn);

/** What each function may do beyond writing its own logs and traces (see {@link buildFunctionPolicy}). */
export function functionStatements(role: FunctionRole, i: OrdersPolicyInputs): PolicyStatement[] {
  const payloads = payloadObjectsArn(i.bucketArn, i.payloadPrefix);
  switch (role) {
    case "presignedUrl":
      // The URL is signed with this role: S3 checks s3:PutObject and asks KMS for a data key on its behalf.
      return [
        allow("SignPayloadUploads", ["s3:PutObject"], payloads),
        payloadKeyViaS3(i, ["kms:GenerateDataKey"]),
        ...table(i, ["dynamodb:PutItem"]),
      ];
    case "createOrder":
      return [
        allow("PayloadObjects", ["s3:GetObject", "s3:PutObject"], payloads),
        payloadKeyViaS3(i, ["kms:GenerateDataKey", "kms:Decrypt"]),
        allow("SendClaims", ["sqs:SendMessage"], i.claimQueueArn),
        allow("PayloadKeyViaSqs", ["kms:GenerateDataKey", "kms:Decrypt"], i.payloadKeyArn, via("sqs", i.region)),
        ...table(i, ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]),
      ];
    case "getOrder":
      return table(i, ["dynamodb:GetItem", "dynamodb:Query"]);
    case "startExecution":
      return [
        allow("ConsumeClaims", SQS_CONSUME_ACTIONS, i.claimQueueArn),
        allow("PayloadKeyViaSqs", ["kms:Decrypt"], i.payloadKeyArn, via("sqs", i.region)),
        allow("StartWorkflow", ["states:StartExecution"], i.stateMachineArn),
        allow("WorkflowKey", ["kms:GenerateDataKey"], i.appKeyArn, via("states", i.region)),
        ...table(i, ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"]),
        push(i),
      ];
    case "saveOrder":
      return [
        allow("ReadPayloads", i.versioning ? ["s3:GetObject", "s3:GetObjectVersion"] : ["s3:GetObject"], payloads),
        payloadKeyViaS3(i, ["kms:Decrypt"]),
        ...table(i, ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"]),
        push(i),
      ];
    case "processPayment":
      return table(i, ["dynamodb:UpdateItem"]);
    case "updateOrder":
    case "failOrder":
      return [...table(i, ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:DeleteItem"]), push(i)];
    case "wsAuthorizer":
    case "wsConnect":
      return [];
    case "wsDisconnect":
      return table(i, ["dynamodb:Query", "dynamodb:DeleteItem"]);
    case "wsSubscribe":
      return table(i, ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"]);
    case "webhookDispatcher":
      return [
        allow("ConsumeOutbox", SQS_CONSUME_ACTIONS, i.outboxQueueArn),
        allow("OutboxKey", ["kms:Decrypt"], i.appKeyArn, via("sqs", i.region)),
        allow("ReadSigningSecret", ["secretsmanager:GetSecretValue"], i.webhookSecretArn),
        allow("SecretKey", ["kms:Decrypt"], i.appKeyArn, via("secretsmanager", i.region)),
      ];
  }
}

/** A function's whole identity policy: its statements plus its own log group and X-Ray. */
export function buildFunctionPolicy(role: FunctionRole, i: OrdersPolicyInputs, logGroupArn: string): PolicyDocument {
  return policyDocument([
    allow("OwnLogs", ["logs:CreateLogStream", "logs:PutLogEvents"], `${logGroupArn}:*`),
    allow("Tracing", XRAY_ACTIONS, "*"),
    ...functionStatements(role, i),
  ]);
}

/** The state machine's role: invoke the workflow functions, publish events, delete payloads (exact versions), its key, logs, traces. */
export function buildStateMachinePolicy(i: OrdersPolicyInputs): PolicyDocument {
  return policyDocument([
    allow(
      "InvokeWorkflowFunctions",
      ["lambda:InvokeFunction"],
      [...i.workflowFunctionArns, ...i.workflowFunctionArns.map((arn) => `${arn}:*`)],
    ),
    allow("PublishOrderEvents", ["sns:Publish"], i.topicArn),
    allow("AppKeyViaSns", ["kms:GenerateDataKey", "kms:Decrypt"], i.appKeyArn, via("sns", i.region)),
    allow(
      "DeleteConsumedPayloads",
      i.versioning ? ["s3:DeleteObject", "s3:DeleteObjectVersion"] : ["s3:DeleteObject"],
      payloadObjectsArn(i.bucketArn, i.payloadPrefix),
    ),
    allow("WorkflowKey", ["kms:GenerateDataKey", "kms:Decrypt"], i.appKeyArn, via("states", i.region)),
    // Step Functions' log delivery and X-Ray need "*": these actions have no resource-level permissions.
    allow("LogDelivery", LOG_DELIVERY_ACTIONS, "*"),
    allow("Tracing", [...XRAY_ACTIONS, "xray:GetSamplingRules", "xray:GetSamplingTargets"], "*"),
  ]);
}

/** The app key's policy: account root (IAM decides), and the services that encrypt with it on the app's behalf. */
export function buildAppKeyPolicy(inputs: { partition: string; accountId: string; region: string; topicArn: string }): PolicyDocument {
  const root = `arn:${inputs.partition}:iam::${inputs.accountId}:root`;
  return policyDocument([
    { Sid: "AccountRootManagesKeyThroughIam", Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" },
    {
      Sid: "CloudWatchLogsEncryptsAppLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${inputs.region}.amazonaws.com` },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${inputs.partition}:logs:${inputs.region}:${inputs.accountId}:log-group:*` },
      },
    },
    {
      Sid: "SnsDeliversToEncryptedOutbox",
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:SourceArn": inputs.topicArn } },
    },
    {
      Sid: "CloudWatchAlarmsPublishToEncryptedOpsTopic",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
    },
  ]);
}

/** The outbox queue's policy: only the order-events topic may send; TLS only. */
export function buildOutboxQueuePolicy(queueArn: string, topicArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "OrderEventsTopicSends",
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
    },
    denyInsecureQueueTransport(queueArn),
  ]);
}

/** The topic's policy: publishing only by the account's principals, over TLS. */
export function buildTopicPolicy(topicArn: string, accountRootArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "AccountPublishes",
      Effect: "Allow",
      Principal: { AWS: accountRootArn },
      Action: ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes"],
      Resource: topicArn,
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
}
