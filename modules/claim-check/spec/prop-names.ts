import { ClaimCheckProps } from "./props";

/** Every prop, checked exhaustive by the compiler, so unknown prop names from JavaScript callers are caught. */
const PROPS = {
  name: true,
  environment: true,
  tags: true,
  bucketName: true,
  payloadPrefix: true,
  versioning: true,
  noncurrentVersionExpirationDays: true,
  payloadExpirationDays: true,
  abortIncompleteMultipartUploadDays: true,
  forceDestroy: true,
  accessLogBucketName: true,
  accessLogPrefix: true,
  fifo: true,
  contentBasedDeduplication: true,
  maxMessageSize: true,
  visibilityTimeoutSeconds: true,
  messageRetentionSeconds: true,
  dlqMessageRetentionSeconds: true,
  delaySeconds: true,
  receiveWaitTimeSeconds: true,
  maxReceiveCount: true,
  kmsDataKeyReusePeriodSeconds: true,
  existingKmsKeyArn: true,
  keyDeletionWindowInDays: true,
  keyAdministratorArns: true,
  keyAlias: true,
  producerRoleNames: true,
  consumerRoleNames: true,
  deleteOnConsume: true,
  expireConsumedPayloads: true,
  preventDestroy: true,
} as const satisfies Record<keyof ClaimCheckProps, true>;

export const CLAIM_CHECK_PROP_NAMES = Object.keys(PROPS) as (keyof ClaimCheckProps)[];
