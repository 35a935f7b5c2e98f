import { ResolvedClaimCheckProps } from "./defaults";
import { ClaimCheckValidationError } from "./errors";
import { minimumPayloadExpirationDays, requiredPayloadLifetimeSeconds } from "./lifetime";
import { ClaimCheckProps } from "./props";

export const NAME_PATTERN = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/;
/** Characters AWS accepts in a tag value. */
export const TAG_VALUE_PATTERN = /^[A-Za-z0-9_.:/=+@ -]{1,256}$/;
/** S3 naming rules without dots (Trivy AWS-0320); no lookahead, so the same rule works in RE2 (Terraform). */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
export const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];
/** Any existing bucket may be a log target, dotted names included. */
export const LOG_BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** One or more non-empty segments, each ending in "/"; no IAM wildcard characters. */
export const PAYLOAD_PREFIX_PATTERN = /^([A-Za-z0-9!_.'()-]+\/)+$/;
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
export const KEY_ALIAS_PATTERN = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
export const IAM_PRINCIPAL_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
export const IAM_ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/** Settings that only make sense for a key the module creates. */
const CREATED_KEY_SETTINGS = ["keyDeletionWindowInDays", "keyAdministratorArns", "keyAlias"] as const;

export interface IntegerRange {
  readonly field: keyof ResolvedClaimCheckProps;
  readonly min: number;
  readonly max: number;
}

export const INTEGER_RANGES: readonly IntegerRange[] = [
  { field: "maxMessageSize", min: 1024, max: 1_048_576 },
  { field: "visibilityTimeoutSeconds", min: 0, max: 43_200 },
  { field: "messageRetentionSeconds", min: 60, max: 1_209_600 },
  { field: "dlqMessageRetentionSeconds", min: 60, max: 1_209_600 },
  { field: "delaySeconds", min: 0, max: 900 },
  { field: "receiveWaitTimeSeconds", min: 0, max: 20 },
  { field: "maxReceiveCount", min: 1, max: 1000 },
  { field: "kmsDataKeyReusePeriodSeconds", min: 60, max: 86_400 },
  { field: "keyDeletionWindowInDays", min: 7, max: 30 },
  { field: "noncurrentVersionExpirationDays", min: 1, max: 36_500 },
  { field: "abortIncompleteMultipartUploadDays", min: 1, max: 36_500 },
  { field: "payloadExpirationDays", min: 1, max: 36_500 },
];

/** Rule texts shared by the construct's checks and the Registry module's validation blocks. */
export const RULES = {
  name: "must be 3-24 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen",
  environment: "must be 1-256 characters valid in a tag value",
  tagKey: "must be 1-128 characters and not start with the reserved 'aws:'",
  tagValue: "must be a string of at most 256 characters",
  bucketName: `must be 3-63 lowercase letters, digits or hyphens (no dots), starting and ending with a letter or digit, and not start with ${RESERVED_BUCKET_PREFIXES.join(", ")}`,
  bucketNameSuffix: `must not end with a reserved suffix (${RESERVED_BUCKET_SUFFIXES.join(", ")})`,
  payloadPrefix: "must be one or more path segments each ending in '/', with no leading '/' and no '*', '?' or '$'",
  integerRange: (min: number, max: number) => `must be an integer between ${min} and ${max}`,
  dlqLonger: (other: string) => `must be greater than ${other} so failed claims outlive the main queue`,
  fifoOnly: "is only valid when fifo is true",
  forceDestroy: "contradicts preventDestroy: true",
  keyArn: "must be a full KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)",
  keyArnAwsManaged: "AWS-managed keys cannot be used: their key policy cannot grant the producer and consumer roles",
  keyArnAlias: "aliases are not accepted: pass the full key ARN (arn:aws:kms:<region>:<account>:key/<id>)",
  duplicateRole: "must not repeat a role",
  roleName: "must be an IAM role name (1-64 of letters, digits and +=,.@_-)",
  principalArn: "must be an IAM role, user or root ARN",
  keyAlias: "must start with 'alias/', use letters, digits, '/', '_' or '-', and not 'alias/aws/'",
  logPrefixNeedsBucket: "is only valid together with accessLogBucketName",
  logBucket: "must be a valid S3 bucket name",
  createdKeySetting: "configures a key the module creates and contradicts existingKmsKeyArn",
} as const;

const show = (value: unknown): string => JSON.stringify(value);
/**
 * Whether a value is known at synth. Terraform references are encoded by cdktf as strings holding `${`
 * or `#{` (strings and lists) and as numbers beyond -1e289; the construct passes cdktf's own predicate.
 */
export type IsUnresolved = (value: unknown) => boolean;
export const looksUnresolved: IsUnresolved = (value) =>
  (typeof value === "string" && /[$#]\{/.test(value)) ||
  (typeof value === "number" && value <= -1e289) ||
  (Array.isArray(value) && value.some(looksUnresolved));
const isResolved = (value: unknown): boolean => !looksUnresolved(value);
const isIntegerIn = (value: number, min: number, max: number): boolean =>
  Number.isInteger(value) && value >= min && value <= max;

/** Whether a numeric field holds a value its range accepts (so rules that combine fields can trust it). */
function inRange(props: ResolvedClaimCheckProps, field: IntegerRange["field"]): boolean {
  const { min, max } = INTEGER_RANGES.find((r) => r.field === field)!;
  const value = props[field];
  return typeof value === "number" && isIntegerIn(value, min, max);
}

/**
 * Checks every prop and returns one message per problem, each naming the field and the bad value.
 * Values that are Terraform references (tokens) are not known at synth and are skipped.
 */
export function findProblems(raw: ClaimCheckProps, props: ResolvedClaimCheckProps): string[] {
  const problems: string[] = [];
  const report = (field: string, value: unknown, rule: string): void => {
    problems.push(`${field} ${rule}, but ${show(value)} was given`);
  };

  if (isResolved(props.name) && !NAME_PATTERN.test(props.name ?? "")) {
    report("name", props.name, RULES.name);
  }
  if (isResolved(props.environment) && !TAG_VALUE_PATTERN.test(props.environment)) {
    report("environment", props.environment, RULES.environment);
  }
  for (const [key, value] of Object.entries(props.tags)) {
    if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith("aws:")) report(`tags key`, key, RULES.tagKey);
    if (typeof value !== "string" || value.length > 256) report(`tags[${show(key)}]`, value, RULES.tagValue);
  }

  if (props.bucketName !== undefined && isResolved(props.bucketName)) {
    const name = props.bucketName;
    if (!BUCKET_NAME_PATTERN.test(name) || RESERVED_BUCKET_PREFIXES.some((p) => name.startsWith(p))) {
      report("bucketName", name, RULES.bucketName);
    } else if (RESERVED_BUCKET_SUFFIXES.some((s) => name.endsWith(s))) {
      report("bucketName", name, RULES.bucketNameSuffix);
    }
  }
  if (isResolved(props.payloadPrefix) && !PAYLOAD_PREFIX_PATTERN.test(props.payloadPrefix)) {
    report("payloadPrefix", props.payloadPrefix, RULES.payloadPrefix);
  }
  if (props.accessLogBucketName !== undefined && isResolved(props.accessLogBucketName)) {
    if (!LOG_BUCKET_NAME_PATTERN.test(props.accessLogBucketName)) {
      report("accessLogBucketName", props.accessLogBucketName, RULES.logBucket);
    } else if (props.accessLogBucketName === props.bucketName) {
      report("accessLogBucketName", props.accessLogBucketName, "must differ from bucketName (a bucket cannot log to itself)");
    }
  }
  if (props.accessLogPrefix !== undefined && props.accessLogBucketName === undefined) {
    report("accessLogPrefix", props.accessLogPrefix, RULES.logPrefixNeedsBucket);
  }

  for (const { field, min, max } of INTEGER_RANGES) {
    const value = props[field];
    if (value === undefined || !isResolved(value)) continue;
    if (typeof value !== "number" || !isIntegerIn(value, min, max)) {
      report(field, value, RULES.integerRange(min, max));
    }
  }
  if (
    inRange(props, "messageRetentionSeconds") &&
    inRange(props, "dlqMessageRetentionSeconds") &&
    props.dlqMessageRetentionSeconds <= props.messageRetentionSeconds
  ) {
    report(
      "dlqMessageRetentionSeconds",
      props.dlqMessageRetentionSeconds,
      RULES.dlqLonger(`messageRetentionSeconds (${props.messageRetentionSeconds})`),
    );
  }
  problems.push(...lifetimeProblems(props));

  if (props.contentBasedDeduplication && !props.fifo) {
    report("contentBasedDeduplication", props.contentBasedDeduplication, RULES.fifoOnly);
  }
  if (props.forceDestroy && props.preventDestroy) {
    report("forceDestroy", props.forceDestroy, RULES.forceDestroy);
  }

  problems.push(...keyProblems(raw, props));

  for (const field of ["producerRoleNames", "consumerRoleNames"] as const) {
    const names = props[field];
    names.filter(isResolved).forEach((roleName, index) => {
      if (!IAM_ROLE_NAME_PATTERN.test(roleName)) {
        report(`${field}[${index}]`, roleName, RULES.roleName);
      }
    });
    const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
    if (duplicates.length > 0) report(field, names, RULES.duplicateRole);
  }
  return problems;
}

function lifetimeProblems(props: ResolvedClaimCheckProps): string[] {
  const expiry = props.payloadExpirationDays;
  const inputsValid = inRange(props, "messageRetentionSeconds") && inRange(props, "dlqMessageRetentionSeconds") && inRange(props, "delaySeconds");
  if (expiry === undefined || !inputsValid || !Number.isInteger(expiry) || expiry < 1) return [];
  const minimum = minimumPayloadExpirationDays(props);
  if (expiry >= minimum) return [];
  return [
    `payloadExpirationDays must be at least ${minimum} so no claim outlives its payload ` +
      `(${requiredPayloadLifetimeSeconds(props)} s = delay + longest claim age + one redrive + 1-day margin), ` +
      `but ${show(expiry)} was given`,
  ];
}

function keyProblems(raw: ClaimCheckProps, props: ResolvedClaimCheckProps): string[] {
  const problems: string[] = [];
  const arn = props.existingKmsKeyArn;
  if (arn !== undefined) {
    if (isResolved(arn) && !KMS_KEY_ARN_PATTERN.test(arn)) {
      const hint = /alias\/aws\//.test(arn) ? RULES.keyArnAwsManaged : /alias\//.test(arn) ? RULES.keyArnAlias : RULES.keyArn;
      problems.push(`existingKmsKeyArn ${hint}, but ${show(arn)} was given`);
    }
    for (const setting of CREATED_KEY_SETTINGS) {
      if (raw[setting] !== undefined) {
        problems.push(
          `${setting} ${RULES.createdKeySetting}, but ${show(raw[setting])} was given`,
        );
      }
    }
    return problems;
  }
  if (props.keyAlias !== undefined && isResolved(props.keyAlias)) {
    if (!KEY_ALIAS_PATTERN.test(props.keyAlias) || props.keyAlias.startsWith("alias/aws/")) {
      problems.push(
        `keyAlias ${RULES.keyAlias}, but ${show(props.keyAlias)} was given`,
      );
    }
  }
  props.keyAdministratorArns.filter(isResolved).forEach((principal, index) => {
    if (!IAM_PRINCIPAL_ARN_PATTERN.test(principal)) {
      problems.push(
        `keyAdministratorArns[${index}] ${RULES.principalArn}, but ${show(principal)} was given`,
      );
    }
  });
  return problems;
}

/** Throws one {@link ClaimCheckValidationError} listing every problem, or returns silently. */
export function validateProps(raw: ClaimCheckProps, props: ResolvedClaimCheckProps): void {
  const problems = findProblems(raw, props);
  if (problems.length > 0) throw new ClaimCheckValidationError(problems);
}
