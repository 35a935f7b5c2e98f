import { S3Claim } from "./claim-message";

/** The only place a consumer reads (and, with cleanup, deletes or tags) payloads: from the module's outputs. */
export interface PayloadScope {
  readonly bucketName?: string;
  readonly payloadPrefix?: string;
}

/**
 * What is wrong with a payload prefix, or undefined: a prefix is a folder, or "payloads" would also take in
 * "payloads-other-team/...". The one rule for outputs files, consumers and claims.
 */
export const payloadPrefixProblem = (prefix: string): string | undefined =>
  prefix.length > 0 && !prefix.endsWith("/") ? `must end with "/", but ${JSON.stringify(prefix)} was given` : undefined;

/**
 * Why a consumer must not touch the object a claim names, or undefined when it may. Checked before any S3
 * call, so a forged claim cannot make the consumer read or delete another team's object (confused deputy).
 */
export function claimRefusal(claim: Pick<S3Claim, "s3_bucket" | "s3_key">, scope: PayloadScope): string | undefined {
  const { bucketName, payloadPrefix } = scope;
  if (!bucketName || !payloadPrefix)
    return "the consumer has no bucketName and payloadPrefix in its config, so it accepts inline claims only";
  const prefixProblem = payloadPrefixProblem(payloadPrefix);
  if (prefixProblem) return `the consumer's payloadPrefix ${prefixProblem}`;
  if (claim.s3_bucket !== bucketName)
    return `bucket ${JSON.stringify(claim.s3_bucket)} is not the payload bucket ${JSON.stringify(bucketName)}`;
  const key = claim.s3_key;
  if (!key.startsWith(payloadPrefix) || key.length === payloadPrefix.length)
    return `key ${JSON.stringify(key)} is not under the payload prefix ${JSON.stringify(payloadPrefix)}`;
  // S3 keys are literal, but proxies, SDKs and tools that copy objects to disk may resolve these.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(key)) return `key ${JSON.stringify(key)} contains a control character or a backslash`;
  const segments = key.split("/");
  if (segments.some((s) => s === "." || s === "..")) return `key ${JSON.stringify(key)} contains a "." or ".." path segment`;
  if (segments.slice(0, -1).some((s) => s === "")) return `key ${JSON.stringify(key)} contains an empty path segment ("//")`;
  return undefined;
}
