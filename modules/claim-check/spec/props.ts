/**
 * Properties of the {@link ClaimCheck} construct.
 *
 * Every field is optional except `name`; the secure defaults live in `defaults.ts`.
 * Settings that configure a key the module creates (`keyDeletionWindowInDays`, `keyAdministratorArns`,
 * `keyAlias`) exclude `existingKmsKeyArn`: passing both is a validation error.
 */
export interface ClaimCheckProps {
  /**
   * Base name of every resource (queues, key alias, IAM policies, default bucket name).
   * Lowercase letters, digits and hyphens, 3-24 characters, starting with a letter and not ending with a
   * hyphen (24 keeps the default bucket name within 63 characters in every region).
   */
  readonly name: string;

  /**
   * Environment label, written to the `Environment` tag.
   * @default "dev"
   */
  readonly environment?: string;

  /**
   * Extra tags for every taggable resource. `Environment`, `ManagedBy` and `Pattern` are added on top.
   * @default {}
   */
  readonly tags?: Record<string, string>;

  // ---------------------------------------------------------------- bucket

  /**
   * Name of the payload bucket. Must follow the S3 naming rules and contain no dots.
   * @default - `<name>-payloads-<account id>-<region>`, unique across all AWS accounts
   */
  readonly bucketName?: string;

  /**
   * Key prefix under which producers write payloads; it scopes the IAM policies and the expiry rule.
   * @default "payloads/"
   */
  readonly payloadPrefix?: string;

  /**
   * Keep object versions, so an overwritten or deleted payload can be recovered until
   * `noncurrentVersionExpirationDays` have passed.
   * @default true
   */
  readonly versioning?: boolean;

  /**
   * Days after which a noncurrent payload version is deleted (only with versioning).
   * @default 7
   */
  readonly noncurrentVersionExpirationDays?: number;

  /**
   * Days after which payloads under the prefix expire. Must be at least delay + longest claim age + one
   * redrive + 1 day, so no claim message outlives its payload.
   * @default - the smallest whole number of days that satisfies the invariant
   */
  readonly payloadExpirationDays?: number;

  /**
   * Days after which incomplete multipart uploads are aborted.
   * @default 1
   */
  readonly abortIncompleteMultipartUploadDays?: number;

  /**
   * Let `terraform destroy` delete a bucket that still holds payloads.
   * @default false
   */
  readonly forceDestroy?: boolean;

  /**
   * Name of an existing bucket that receives S3 server access logs. Logging is off when unset.
   * @default - no access logging
   */
  readonly accessLogBucketName?: string;

  /**
   * Key prefix for access log objects in `accessLogBucketName`.
   * @default "<bucket name>/"
   */
  readonly accessLogPrefix?: string;

  // ---------------------------------------------------------------- queues

  /**
   * Make both queues FIFO (names get the `.fifo` suffix).
   * @default false
   */
  readonly fifo?: boolean;

  /**
   * Content-based deduplication on FIFO queues. Only valid when `fifo` is true.
   * @default false
   */
  readonly contentBasedDeduplication?: boolean;

  /**
   * Largest claim message the queue accepts, in bytes (1024-1048576). Set explicitly because the
   * provider still defaults to 256 KiB.
   * @default 1048576
   */
  readonly maxMessageSize?: number;

  /**
   * Seconds a received claim stays hidden from other consumers (0-43200). Must cover the consumer's
   * worst-case time to download and process a payload.
   * @default 300
   */
  readonly visibilityTimeoutSeconds?: number;

  /**
   * Seconds the main queue keeps a claim (60-1209600).
   * @default 345600 (4 days)
   */
  readonly messageRetentionSeconds?: number;

  /**
   * Seconds the dead-letter queue keeps a claim (60-1209600). Must be longer than `messageRetentionSeconds`.
   * @default 1209600 (14 days)
   */
  readonly dlqMessageRetentionSeconds?: number;

  /**
   * Seconds each new claim is delayed before it can be received (0-900).
   * @default 0
   */
  readonly delaySeconds?: number;

  /**
   * Long-polling wait of ReceiveMessage, in seconds (0-20).
   * @default 20
   */
  readonly receiveWaitTimeSeconds?: number;

  /**
   * Receives after which a claim moves to the dead-letter queue (1-1000).
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * Seconds SQS reuses a data key before calling KMS again (60-86400).
   * @default 300
   */
  readonly kmsDataKeyReusePeriodSeconds?: number;

  // ---------------------------------------------------------------- key

  /**
   * Full ARN of an existing customer-managed KMS key to use instead of creating one. The key is never
   * modified; its owner adds the statements in the `requiredKeyPolicyStatements` output. Aliases and
   * AWS-managed keys are rejected. Excludes `keyDeletionWindowInDays`, `keyAdministratorArns` and `keyAlias`.
   * @default - the module creates a key
   */
  readonly existingKmsKeyArn?: string;

  /**
   * Waiting period, in days, before a deleted key is destroyed (7-30). Only for a created key.
   * @default 30
   */
  readonly keyDeletionWindowInDays?: number;

  /**
   * IAM principal ARNs that administer the created key. The key policy grants them no data access; the
   * account root keeps full access, so IAM policies (theirs included) can grant use and the key cannot be
   * locked out.
   * @default []
   */
  readonly keyAdministratorArns?: string[];

  /**
   * Alias of the created key, with the `alias/` prefix. `alias/aws/*` is reserved.
   * @default "alias/<name>"
   */
  readonly keyAlias?: string;

  // ---------------------------------------------------------------- IAM

  /**
   * Names of existing IAM roles to attach the producer policy to. A role with a path is written
   * `path/name` (`service-role/orders-api`), so its principal ARN in the key policy statements is right.
   * @default []
   */
  readonly producerRoleNames?: string[];

  /**
   * Names of existing IAM roles to attach the consumer policy to. A role with a path is written
   * `path/name` (`service-role/orders-worker`).
   * @default []
   */
  readonly consumerRoleNames?: string[];

  /**
   * Grant consumers `s3:DeleteObject` on the payload prefix, so they can delete a payload after its
   * claim is deleted. Off by default: the expiry rule cleans up, and fan-out consumers stay safe.
   * @default false
   */
  readonly deleteOnConsume?: boolean;

  /**
   * Let consumers tag a payload `ClaimCheckState=consumed` (s3:PutObjectTagging on the payload prefix) and
   * expire tagged payloads one day after upload: the client's asynchronous cleanup, safe with
   * at-least-once delivery. Turn off when several consumers read each payload (fan-out).
   * @default true
   */
  readonly expireConsumedPayloads?: boolean;

  // ---------------------------------------------------------------- protection

  /**
   * Set Terraform's `lifecycle.prevent_destroy` on the bucket, the key and both queues.
   * @default false
   */
  readonly preventDestroy?: boolean;
}
