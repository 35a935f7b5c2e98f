import { payloadObjectsArn, policyDocument, PolicyDocument, PolicyStatement, viaService } from "./policy-document";

export interface IdentityPolicyInputs {
  readonly region: string;
  readonly bucketArn: string;
  readonly payloadPrefix: string;
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

/**
 * KMS use only on behalf of S3 (for this bucket's objects) and SQS in the stack's region, never direct.
 * The encryption context is the bucket ARN with a bucket key, the object ARN without one: allow both.
 */
function keyUseStatements(sidPrefix: string, actions: string[], inputs: IdentityPolicyInputs): PolicyStatement[] {
  return [
    {
      Sid: `${sidPrefix}KeyViaS3`,
      Effect: "Allow",
      Action: actions,
      Resource: inputs.keyArn,
      Condition: {
        StringEquals: { "kms:ViaService": viaService("s3", inputs.region) },
        StringLike: {
          "kms:EncryptionContext:aws:s3:arn": [inputs.bucketArn, payloadObjectsArn(inputs.bucketArn, inputs.payloadPrefix)],
        },
      },
    },
    {
      Sid: `${sidPrefix}KeyViaSqs`,
      Effect: "Allow",
      Action: actions,
      Resource: inputs.keyArn,
      Condition: { StringEquals: { "kms:ViaService": viaService("sqs", inputs.region) } },
    },
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
    ...keyUseStatements("Encrypt", PRODUCER_KMS_ACTIONS, inputs),
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
    ...keyUseStatements("Decrypt", CONSUMER_KMS_ACTIONS, inputs),
  ]);
}
