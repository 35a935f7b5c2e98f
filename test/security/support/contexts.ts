import { SAMPLE } from "./sample-stack";

/** Request context as AWS would set it for the call being simulated. */
export const overTls = { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3" };
export const overPlainHttp = { "aws:SecureTransport": "false" };

export const sseKms = (keyArn: string) => ({
  "s3:x-amz-server-side-encryption": "aws:kms",
  "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn,
});

/** S3 calling KMS on the principal's behalf: with a bucket key the context is the bucket ARN. */
export const kmsViaS3 = (bucketArn: string) => ({
  "kms:ViaService": `s3.${SAMPLE.region}.amazonaws.com`,
  "kms:EncryptionContext:aws:s3:arn": bucketArn,
});

export const kmsViaSqs = { "kms:ViaService": `sqs.${SAMPLE.region}.amazonaws.com` };
