import { policyDocument, PolicyDocument } from "./policy-document";

export interface BucketPolicyInputs {
  readonly bucketArn: string;
  /** Full key ARN: the key-id condition compares against the ARN form S3 puts in the request. */
  readonly keyArn: string;
}

/**
 * Bucket policy: TLS 1.2+ only, and no upload may ask for an encryption other than SSE-KMS with the
 * module's key. Requests without SSE headers are allowed: the bucket default encrypts them with the
 * module's key, and UploadPart and CompleteMultipartUpload (authorized as s3:PutObject) never carry the
 * headers. So each deny pairs `StringNotEquals` with `Null: false` (the header is present): it denies only
 * what asks for something else. Not `...IfExists`: AWS evaluates it as true when the key is absent, which
 * would still deny every part upload (the IAM simulator shows it). SSE-C is denied outright.
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
      Sid: "DenyUploadsWithOtherEncryption",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
        Null: { "s3:x-amz-server-side-encryption": "false" },
      },
    },
    {
      Sid: "DenyUploadsWithOtherKmsKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
      },
    },
    {
      // "aws:kms" without a key id makes S3 use the AWS-managed aws/s3 key, not the bucket default.
      Sid: "DenyUploadsWithTheAwsManagedKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
      },
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
