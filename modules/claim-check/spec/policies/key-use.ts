import { payloadObjectsArn, Principal, PolicyStatement, viaService } from "./policy-document";

export interface KeyUseInputs {
  readonly region: string;
  readonly bucketArn: string;
  readonly payloadPrefix: string;
}

/**
 * Use of the key only on behalf of S3, for this bucket's payloads, and of SQS, in the stack's region.
 * With a bucket key S3's encryption context is the bucket ARN, without one the object ARN: allow both.
 * Shared by the identity policies (Resource = the key ARN) and the statements an existing key's owner
 * adds to its key policy (Resource = "*", with a Principal).
 */
export function keyUseStatements(
  sidPrefix: string,
  actions: string[],
  inputs: KeyUseInputs,
  target: { readonly resource: string; readonly principal?: Principal },
): PolicyStatement[] {
  const common = { Effect: "Allow" as const, ...(target.principal ? { Principal: target.principal } : {}), Action: actions };
  return [
    {
      Sid: `${sidPrefix}ViaS3`,
      ...common,
      Resource: target.resource,
      Condition: {
        StringEquals: { "kms:ViaService": viaService("s3", inputs.region) },
        StringLike: {
          "kms:EncryptionContext:aws:s3:arn": [inputs.bucketArn, payloadObjectsArn(inputs.bucketArn, inputs.payloadPrefix)],
        },
      },
    },
    {
      Sid: `${sidPrefix}ViaSqs`,
      ...common,
      Resource: target.resource,
      Condition: { StringEquals: { "kms:ViaService": viaService("sqs", inputs.region) } },
    },
  ];
}
