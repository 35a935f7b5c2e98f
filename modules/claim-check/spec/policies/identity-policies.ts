import { KeyUseInputs, keyUseStatements } from "./key-use";
import { payloadObjectsArn, policyDocument, PolicyDocument } from "./policy-document";

export interface IdentityPolicyInputs extends KeyUseInputs {
  readonly queueArn: string;
  readonly keyArn: string;
  /** Versioned buckets: claims pin the object version, which reading needs `s3:GetObjectVersion` for. */
  readonly versioning: boolean;
  /** Consumers may delete the payload after deleting its claim. */
  readonly deleteOnConsume: boolean;
}

/** The exact action sets; tests and docs read them from here. */
export const PRODUCER_S3_ACTIONS = ["s3:PutObject", "s3:AbortMultipartUpload"];
export const PRODUCER_SQS_ACTIONS = ["sqs:SendMessage"];
/** Multipart uploads and SQS data-key refreshes need Decrypt as well as GenerateDataKey. */
export const PRODUCER_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
export const CONSUMER_SQS_ACTIONS = [
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:GetQueueAttributes",
];
export const CONSUMER_KMS_ACTIONS = ["kms:Decrypt"];

export function consumerS3Actions(options: Pick<IdentityPolicyInputs, "versioning" | "deleteOnConsume">): string[] {
  return [
    "s3:GetObject",
    ...(options.versioning ? ["s3:GetObjectVersion"] : []),
    ...(options.deleteOnConsume ? ["s3:DeleteObject"] : []),
  ];
}

/** Producer: write payloads under the prefix, send claims, encrypt through S3 and SQS. */
export function buildProducerPolicy(inputs: IdentityPolicyInputs): PolicyDocument {
  return policyDocument([
    {
      Sid: "WritePayloads",
      Effect: "Allow",
      Action: PRODUCER_S3_ACTIONS,
      Resource: payloadObjectsArn(inputs.bucketArn, inputs.payloadPrefix),
    },
    { Sid: "SendClaims", Effect: "Allow", Action: PRODUCER_SQS_ACTIONS, Resource: inputs.queueArn },
    ...keyUseStatements("UseKey", PRODUCER_KMS_ACTIONS, inputs, { resource: inputs.keyArn }),
  ]);
}

/** Consumer: receive and delete claims, read (and optionally delete) payloads, decrypt through S3 and SQS. */
export function buildConsumerPolicy(inputs: IdentityPolicyInputs): PolicyDocument {
  return policyDocument([
    { Sid: "ConsumeClaims", Effect: "Allow", Action: CONSUMER_SQS_ACTIONS, Resource: inputs.queueArn },
    {
      Sid: "ReadPayloads",
      Effect: "Allow",
      Action: consumerS3Actions(inputs),
      Resource: payloadObjectsArn(inputs.bucketArn, inputs.payloadPrefix),
    },
    ...keyUseStatements("DecryptWithKey", CONSUMER_KMS_ACTIONS, inputs, { resource: inputs.keyArn }),
  ]);
}
