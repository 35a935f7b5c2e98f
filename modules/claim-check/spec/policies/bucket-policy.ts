import { policyDocument, PolicyDocument } from "./policy-document";

export interface BucketPolicyInputs {
  readonly bucketArn: string;
  /** Full key ARN: the key-id condition compares against the ARN form S3 puts in the request. */
  readonly keyArn: string;
}

/**
 * Bucket policy: TLS 1.2+ only, and every upload must ask for SSE-KMS with the module's key.
 * Each statement is a Deny with a condition, so it cannot lock the account out (CKV_AWS_93).
 */
export function buildBucketPolicy({ bucketArn, keyArn }: BucketPolicyInputs): PolicyDocument {
  const objects = `${bucketArn}/*`;
  return policyDocument([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, objects],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyOutdatedTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, objects],
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
    {
      Sid: "DenyUploadsWithoutSseKms",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
    },
    {
      Sid: "DenyUploadsWithOtherKmsKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn } },
    },
    {
      Sid: "DenyUploadsWithSseC",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } },
    },
  ]);
}
