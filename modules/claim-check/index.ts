// The public API of the claim-check construct. Internals (resource factories, the Registry generator) stay out.
export { ClaimCheck } from "./claim-check";
export type { RoleReference } from "./access-policies";
export { addClaimCheckOutputs, claimCheckOutputs } from "./outputs";
export type { ClaimCheckProps } from "./spec/props";
export { applyDefaults, CLAIM_CHECK_DEFAULTS, type ResolvedClaimCheckProps } from "./spec/defaults";
export { ClaimCheckValidationError } from "./spec/errors";
export { minimumPayloadExpirationDays, PAYLOAD_LIFETIME_MARGIN_SECONDS, requiredPayloadLifetimeSeconds } from "./spec/lifetime";
export { claimQueueBaseName, deadLetterQueueBaseName, defaultBucketName, queueName } from "./spec/naming";
export { CLIENT_OUTPUTS, OUTPUT_CONTRACT, OUTPUT_DESCRIPTIONS, OUTPUT_NAMES, type OutputName } from "./spec/output-contract";
export * from "./spec/policies";
export { CONSUMED_PAYLOAD_EXPIRATION_DAYS, CONSUMED_TAG } from "./spec/cleanup";
export { findProblems, validateProps } from "./spec/validation";
