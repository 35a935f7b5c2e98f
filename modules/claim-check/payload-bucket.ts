import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { ResolvedClaimCheckProps } from "./spec";
import { buildBucketPolicy, CONSUMED_PAYLOAD_EXPIRATION_DAYS, CONSUMED_RULE_ID, CONSUMED_TAG, renderPolicy } from "./spec";

export interface PayloadBucketInputs {
  readonly props: ResolvedClaimCheckProps;
  readonly bucketName: string;
  readonly keyArn: string;
  readonly payloadExpirationDays: number;
}

/**
 * The payload bucket and its sub-resources, each wired to the bucket by reference (scanners follow
 * the reference). Private, ACL-free, SSE-KMS with the module's key, TLS-only, and self-cleaning.
 */
export function createPayloadBucket(scope: Construct, inputs: PayloadBucketInputs): S3Bucket {
  const { props, keyArn } = inputs;
  const bucket = new S3Bucket(scope, "PayloadBucket", {
    bucket: inputs.bucketName,
    forceDestroy: props.forceDestroy,
    lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
  });

  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, "PayloadBucketPublicAccessBlock", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });

  new S3BucketOwnershipControls(scope, "PayloadBucketOwnershipControls", {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });

  new S3BucketServerSideEncryptionConfigurationA(scope, "PayloadBucketEncryption", {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
        bucketKeyEnabled: true,
      },
    ],
  });

  const versioning = new S3BucketVersioningA(scope, "PayloadBucketVersioning", {
    bucket: bucket.id,
    versioningConfiguration: { status: props.versioning ? "Enabled" : "Suspended" },
  });

  new S3BucketLifecycleConfiguration(scope, "PayloadBucketLifecycle", {
    bucket: bucket.id,
    rule: lifecycleRules(props, inputs.payloadExpirationDays),
    dependsOn: [versioning],
  });

  // Applying the policy while the public access block is being written can fail with a 409.
  new S3BucketPolicy(scope, "PayloadBucketPolicy", {
    bucket: bucket.id,
    policy: renderPolicy(buildBucketPolicy({ bucketArn: bucket.arn, keyArn })),
    dependsOn: [publicAccessBlock],
  });

  if (props.accessLogBucketName !== undefined) {
    new S3BucketLoggingA(scope, "PayloadBucketLogging", {
      bucket: bucket.id,
      targetBucket: props.accessLogBucketName,
      targetPrefix: props.accessLogPrefix ?? `${inputs.bucketName}/`,
    });
  }
  return bucket;
}

/**
 * Abort stale multipart uploads bucket-wide (an empty filter, as CKV_AWS_300 requires), expire payloads
 * under the prefix after the computed lifetime, payloads tagged as consumed a day after upload, and clean
 * up old versions and delete markers.
 */
export function lifecycleRules(props: ResolvedClaimCheckProps, payloadExpirationDays: number): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: [{}],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartUploadDays }],
    },
    {
      id: "expire-payloads",
      status: "Enabled",
      filter: [{ prefix: props.payloadPrefix }],
      expiration: [{ days: payloadExpirationDays }],
      noncurrentVersionExpiration: props.versioning ? [{ noncurrentDays: props.noncurrentVersionExpirationDays }] : undefined,
    },
  ];
  if (props.expireConsumedPayloads) {
    rules.push({
      id: CONSUMED_RULE_ID,
      status: "Enabled",
      filter: [{ and: [{ prefix: props.payloadPrefix, tags: { [CONSUMED_TAG.key]: CONSUMED_TAG.value } }] }],
      expiration: [{ days: CONSUMED_PAYLOAD_EXPIRATION_DAYS }],
    });
  }
  if (props.versioning) {
    rules.push({
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: [{ prefix: props.payloadPrefix }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    });
  }
  return rules;
}
