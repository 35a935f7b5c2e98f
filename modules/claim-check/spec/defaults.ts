import { ClaimCheckProps } from "./props";

/**
 * The secure defaults of the claim-check construct, in one place. Environments override them through
 * props; the README's "Default settings" table mirrors this object.
 */
export const CLAIM_CHECK_DEFAULTS = Object.freeze({
  environment: "dev",
  payloadPrefix: "payloads/",
  versioning: true,
  noncurrentVersionExpirationDays: 7,
  abortIncompleteMultipartUploadDays: 1,
  forceDestroy: false,
  fifo: false,
  contentBasedDeduplication: false,
  /** SQS's maximum since Aug 2025; the provider's own default is still 262144. */
  maxMessageSize: 1_048_576,
  visibilityTimeoutSeconds: 300,
  messageRetentionSeconds: 4 * 86_400,
  dlqMessageRetentionSeconds: 14 * 86_400,
  delaySeconds: 0,
  receiveWaitTimeSeconds: 20,
  maxReceiveCount: 5,
  kmsDataKeyReusePeriodSeconds: 300,
  keyDeletionWindowInDays: 30,
  deleteOnConsume: false,
  expireConsumedPayloads: true,
  preventDestroy: false,
});

/** Tag keys the construct always sets; they win over user tags of the same name. */
export const MANAGED_TAG_KEYS = ["Environment", "ManagedBy", "Pattern"];
export const MANAGED_BY_TAG_VALUE = "terraform";
export const PATTERN_TAG_VALUE = "claim-check";

/** Props with every default applied. Optional fields here have no default by design. */
export type ResolvedClaimCheckProps = Required<
  Omit<
    ClaimCheckProps,
    "bucketName" | "payloadExpirationDays" | "accessLogBucketName" | "accessLogPrefix" | "existingKmsKeyArn" | "keyAlias"
  >
> &
  Pick<
    ClaimCheckProps,
    "bucketName" | "payloadExpirationDays" | "accessLogBucketName" | "accessLogPrefix" | "existingKmsKeyArn" | "keyAlias"
  >;

/** Applies the defaults under the user's props; `undefined` in props means "use the default". */
export function applyDefaults(props: ClaimCheckProps): ResolvedClaimCheckProps {
  const defined: Partial<ClaimCheckProps> = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
  return {
    ...CLAIM_CHECK_DEFAULTS,
    tags: {},
    keyAdministratorArns: [],
    producerRoleNames: [],
    consumerRoleNames: [],
    ...defined,
    name: props.name,
  };
}
