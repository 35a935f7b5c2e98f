import { KeyUseInputs, keyUseStatements } from "./key-use";
import {
  payloadObjectsArn,
  PolicyDocument,
  PolicyStatement,
  PolicyTemplate,
  resolveTemplate,
  StatementEntry,
  Toggle,
  when,
} from "./policy-document";

export interface IdentityPolicyInputs extends KeyUseInputs {
  readonly queueArn: string;
  readonly keyArn: string;
  /** Versioned buckets: claims pin the object version, which reading needs `s3:GetObjectVersion` for. */
  readonly versioning: boolean;
  /** Consumers may delete the payload after deleting its claim. */
  readonly deleteOnConsume: boolean;
  /** Consumers may tag a payload as consumed (the asynchronous cleanup); on unless set to false. */
  readonly expireConsumedPayloads?: boolean;
}

/** The same inputs with each option known or an expression, for the Registry module's renderer. */
export type IdentityPolicyTemplateInputs = Omit<IdentityPolicyInputs, "versioning" | "deleteOnConsume" | "expireConsumedPayloads"> & {
  readonly versioning: Toggle;
  readonly deleteOnConsume: Toggle;
  readonly expireConsumedPayloads: Toggle;
};

/** The exact action sets; tests and docs read them from here. */
export const PRODUCER_S3_ACTIONS = ["s3:PutObject", "s3:AbortMultipartUpload"];
export const PRODUCER_SQS_ACTIONS = ["sqs:SendMessage"];
/** Multipart uploads and SQS data-key refreshes need Decrypt as well as GenerateDataKey. */
export const PRODUCER_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
export const CONSUMER_SQS_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];
export const CONSUMER_KMS_ACTIONS = ["kms:Decrypt"];

/** Consumers tag payloads as consumed; a versioned claim tags the exact version it read. */
export const CONSUMER_TAGGING_ACTIONS = ["s3:PutObjectTagging", "s3:PutObjectVersionTagging"];

/** Producer: write payloads under the prefix, send claims, encrypt through S3 and SQS. */
export function buildProducerPolicy(inputs: Pick<IdentityPolicyInputs, keyof KeyUseInputs | "queueArn" | "keyArn">): PolicyDocument {
  return resolveTemplate({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WritePayloads",
        Effect: "Allow",
        Action: PRODUCER_S3_ACTIONS,
        Resource: payloadObjectsArn(inputs.bucketArn, inputs.payloadPrefix),
      },
      { Sid: "SendClaims", Effect: "Allow", Action: PRODUCER_SQS_ACTIONS, Resource: inputs.queueArn },
      ...keyUseStatements("UseKey", PRODUCER_KMS_ACTIONS, inputs, { resource: inputs.keyArn }),
    ],
  });
}

const onPayloads = (sid: string, actions: string[], inputs: IdentityPolicyTemplateInputs): PolicyStatement => ({
  Sid: sid,
  Effect: "Allow",
  Action: actions,
  Resource: payloadObjectsArn(inputs.bucketArn, inputs.payloadPrefix),
});

/**
 * Consumer: receive and delete claims, read payloads, list the payload prefix (without s3:ListBucket S3
 * answers a missing key with 403, not 404), optionally delete or tag them, decrypt through S3 and SQS.
 */
export function consumerPolicyTemplate(inputs: IdentityPolicyTemplateInputs): PolicyTemplate {
  const statements: StatementEntry[] = [
    { Sid: "ConsumeClaims", Effect: "Allow", Action: CONSUMER_SQS_ACTIONS, Resource: inputs.queueArn },
    onPayloads("ReadPayloads", ["s3:GetObject"], inputs),
    ...when(inputs.versioning, onPayloads("ReadPayloadVersions", ["s3:GetObjectVersion"], inputs)),
    ...when(inputs.deleteOnConsume, onPayloads("DeleteConsumedPayloads", ["s3:DeleteObject"], inputs)),
    ...when(inputs.expireConsumedPayloads, onPayloads("TagConsumedPayloads", CONSUMER_TAGGING_ACTIONS, inputs)),
    {
      Sid: "ListPayloadPrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: inputs.bucketArn,
      Condition: { StringLike: { "s3:prefix": `${inputs.payloadPrefix}*` } },
    },
    ...keyUseStatements("DecryptWithKey", CONSUMER_KMS_ACTIONS, inputs, { resource: inputs.keyArn }),
  ];
  return { Version: "2012-10-17", Statement: statements };
}

export function buildConsumerPolicy(inputs: IdentityPolicyInputs): PolicyDocument {
  return resolveTemplate(consumerPolicyTemplate({ ...inputs, expireConsumedPayloads: inputs.expireConsumedPayloads !== false }));
}
