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
import {
  buildBucketPolicy,
  defaultAccessLogPrefix,
  LifecycleRuleSpec,
  OBJECT_OWNERSHIP,
  payloadLifecycleRules,
  renderPolicy,
  versioningStatus,
} from "./spec";

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
    rule: { objectOwnership: OBJECT_OWNERSHIP },
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
    versioningConfiguration: { status: versioningStatus(props.versioning) },
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
      targetPrefix: props.accessLogPrefix ?? defaultAccessLogPrefix(inputs.bucketName),
    });
  }
  return bucket;
}

/** The spec's lifecycle rules (`spec/lifecycle-rules.ts`) with known values, as the provider's structs. */
export function lifecycleRules(props: ResolvedClaimCheckProps, payloadExpirationDays: number): S3BucketLifecycleConfigurationRule[] {
  const specs = payloadLifecycleRules<string | number>({
    payloadPrefix: props.payloadPrefix,
    abortIncompleteMultipartUploadDays: props.abortIncompleteMultipartUploadDays,
    payloadExpirationDays,
    noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
    versioning: props.versioning,
    expireConsumedPayloads: props.expireConsumedPayloads,
  });
  return specs.filter((spec) => spec.when === true).map(toProviderRule);
}

function toProviderRule(spec: LifecycleRuleSpec<string | number>): S3BucketLifecycleConfigurationRule {
  const { filter } = spec;
  const days = (value: string | number | undefined) => value as number;
  return {
    id: spec.id,
    status: "Enabled",
    filter: [
      filter === "everything"
        ? {}
        : filter.tags
          ? { and: [{ prefix: filter.prefix as string, tags: filter.tags }] }
          : { prefix: filter.prefix as string },
    ],
    abortIncompleteMultipartUpload:
      spec.abortIncompleteMultipartUploadDays === undefined
        ? undefined
        : [{ daysAfterInitiation: days(spec.abortIncompleteMultipartUploadDays) }],
    expiration:
      spec.expirationDays !== undefined
        ? [{ days: days(spec.expirationDays) }]
        : spec.expiredObjectDeleteMarker
          ? [{ expiredObjectDeleteMarker: true }]
          : undefined,
    noncurrentVersionExpiration:
      spec.noncurrentVersionExpiration?.when === true ? [{ noncurrentDays: days(spec.noncurrentVersionExpiration.days) }] : undefined,
  };
}
