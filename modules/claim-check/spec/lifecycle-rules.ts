import { CONSUMED_PAYLOAD_EXPIRATION_DAYS, CONSUMED_RULE_ID, CONSUMED_TAG } from "./cleanup";
import { Toggle } from "./policies";

/**
 * The payload bucket's lifecycle rules, once, for both renderers. `V` is how a renderer writes a value:
 * known strings and numbers in the construct, HCL expressions in the Registry module. A rule or its
 * noncurrent-version expiration that hangs on a toggle exists only when the toggle holds.
 */
export interface LifecycleRuleSpec<V> {
  readonly id: string;
  /** Whether the rule exists. */
  readonly when: Toggle;
  /** `everything`: an empty filter (bucket-wide, as CKV_AWS_300 requires); otherwise a prefix, and tags when given. */
  readonly filter: "everything" | { readonly prefix: V; readonly tags?: Readonly<Record<string, string>> };
  readonly abortIncompleteMultipartUploadDays?: V;
  readonly expirationDays?: V | number;
  readonly expiredObjectDeleteMarker?: true;
  readonly noncurrentVersionExpiration?: { readonly when: Toggle; readonly days: V };
}

export interface LifecycleRuleInputs<V> {
  readonly payloadPrefix: V;
  readonly abortIncompleteMultipartUploadDays: V;
  readonly payloadExpirationDays: V;
  readonly noncurrentVersionExpirationDays: V;
  readonly versioning: Toggle;
  readonly expireConsumedPayloads: Toggle;
}

export const LIFECYCLE_RULE_IDS = Object.freeze({
  abortIncompleteUploads: "abort-incomplete-multipart-uploads",
  expirePayloads: "expire-payloads",
  expireConsumedPayloads: CONSUMED_RULE_ID,
  removeExpiredDeleteMarkers: "remove-expired-delete-markers",
});

/**
 * Abort stale multipart uploads bucket-wide, expire payloads under the prefix after the computed lifetime
 * (and old versions with versioning), payloads tagged as consumed a day after upload, and with versioning
 * the delete markers left behind.
 */
export function payloadLifecycleRules<V>(inputs: LifecycleRuleInputs<V>): LifecycleRuleSpec<V>[] {
  const underPrefix = { prefix: inputs.payloadPrefix };
  return [
    {
      id: LIFECYCLE_RULE_IDS.abortIncompleteUploads,
      when: true,
      filter: "everything",
      abortIncompleteMultipartUploadDays: inputs.abortIncompleteMultipartUploadDays,
    },
    {
      id: LIFECYCLE_RULE_IDS.expirePayloads,
      when: true,
      filter: underPrefix,
      expirationDays: inputs.payloadExpirationDays,
      noncurrentVersionExpiration: { when: inputs.versioning, days: inputs.noncurrentVersionExpirationDays },
    },
    {
      id: LIFECYCLE_RULE_IDS.expireConsumedPayloads,
      when: inputs.expireConsumedPayloads,
      filter: { ...underPrefix, tags: { [CONSUMED_TAG.key]: CONSUMED_TAG.value } },
      expirationDays: CONSUMED_PAYLOAD_EXPIRATION_DAYS,
    },
    {
      id: LIFECYCLE_RULE_IDS.removeExpiredDeleteMarkers,
      when: inputs.versioning,
      filter: underPrefix,
      expiredObjectDeleteMarker: true,
    },
  ];
}
