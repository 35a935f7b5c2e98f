import { MANAGED_TAG_KEYS, ResolvedClaimCheckProps } from "./defaults";
import { minimumPayloadExpirationDays, PAYLOAD_LIFETIME_MARGIN_SECONDS, requiredPayloadLifetimeSeconds } from "./lifetime";
import { ClaimCheckProps } from "./props";

/**
 * The validation rules of the claim check, as ONE table read by two interpreters: `validation.ts` turns a
 * broken rule into a TypeScript error, the Registry module's renderer turns each row into an HCL
 * `validation` block (`hcl`), with the same message. A rule Terraform cannot express says why (`hclNote`).
 * Messages read "<subject> <rule>, but <value> was given" in both languages.
 */

export type PropName = keyof ClaimCheckProps;

// ------------------------------------------------------------------ patterns (RE2-compatible: no lookahead)

export const NAME_PATTERN = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/;
/** Characters AWS accepts in tag keys and values: Unicode letters, digits, spaces and _ . : / = + - @. */
export const TAG_CHARACTERS_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+@-]*$/u;
export const TAG_KEY_MAX_LENGTH = 128;
export const TAG_VALUE_MAX_LENGTH = 256;
/** AWS allows 50 tags per resource; the construct adds Environment, ManagedBy and Pattern. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** S3 naming rules without dots (Trivy AWS-0320). */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
export const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];
/** Any existing bucket may be a log target, dotted names included (see `logBucketNameValid` for the rest of S3's rules). */
export const LOG_BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** S3 forbids bucket names formatted as an IP address. */
export const IP_ADDRESS_PATTERN = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
/** One or more non-empty segments, each ending in "/"; no IAM wildcard characters. */
export const PAYLOAD_PREFIX_PATTERN = /^([A-Za-z0-9!_.'()-]+\/)+$/;
/** S3 keys hold at most 1024 bytes; the client appends a date and a UUID (under 64 characters). */
export const PAYLOAD_PREFIX_MAX_LENGTH = 960;
/** S3 log object keys append a timestamp and a unique string (under 40 characters) to the prefix. */
export const ACCESS_LOG_PREFIX_MAX_LENGTH = 984;
/** The partitions AWS has today. */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];
const PARTITION = `(${PARTITIONS.join("|")})`;
/** An AWS region name: a prefix of two to four letters (eu-, eusc-, us-gov-...) and a number. */
const REGION = "[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}";
export const REGION_PATTERN = new RegExp(`^${REGION}$`);
/** A single-Region key id (UUID) or a multi-Region one (mrk- and 32 hex digits). */
const KEY_ID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})";
export const KMS_KEY_ARN_PATTERN = new RegExp(`^arn:${PARTITION}:kms:${REGION}:[0-9]{12}:key/${KEY_ID}$`);
export const KEY_ALIAS_PATTERN = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
export const IAM_PRINCIPAL_ARN_PATTERN = new RegExp(`^arn:${PARTITION}:iam::[0-9]{12}:(root|role/[\\w+=,.@/-]+|user/[\\w+=,.@/-]+)$`);
/** A role name (1-64 characters), optionally after its path without the leading '/' (`service-role/orders-api`). */
export const IAM_ROLE_NAME_PATTERN = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export interface IntegerRange {
  readonly field: PropName;
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

/** Props of type boolean, string list and tag map: JavaScript callers can pass anything. */
export const BOOLEAN_PROPS: readonly PropName[] = [
  "versioning",
  "forceDestroy",
  "fifo",
  "contentBasedDeduplication",
  "deleteOnConsume",
  "expireConsumedPayloads",
  "preventDestroy",
];
export const STRING_LIST_PROPS: readonly PropName[] = ["keyAdministratorArns", "producerRoleNames", "consumerRoleNames"];
/** Settings that only make sense for a key the module creates. */
export const CREATED_KEY_SETTINGS: readonly PropName[] = ["keyDeletionWindowInDays", "keyAdministratorArns", "keyAlias"];

// ------------------------------------------------------------------ the table

/** What a rule's TypeScript check sees. */
export interface RuleContext {
  /** The props as given (to tell "set" from "defaulted"). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The props with defaults applied. */
  readonly props: ResolvedClaimCheckProps;
  /** Whether a value is known at synth (not a Terraform reference). */
  readonly known: (value: unknown) => boolean;
  /** The stack's region when it is a literal in the provider configuration. */
  readonly stackRegion?: string;
}

/** Helpers the HCL interpreter hands to each row: variable references and literals. */
export interface HclHelpers {
  /** `var.<name>` of a prop. */
  readonly v: (prop: PropName) => string;
  /** A pattern as an HCL string literal for `regex()`. */
  readonly re: (pattern: RegExp) => string;
  /** A list of strings as an HCL literal. */
  readonly list: (items: readonly string[]) => string;
  /** A string as an HCL literal. */
  readonly str: (text: string) => string;
}

export interface ValidationRule {
  /** The prop whose value the rule judges; in HCL, the variable the validation block sits on. */
  readonly field: PropName;
  /** How the message names what is wrong; the field by default ("tags keys", "producerRoleNames items"). */
  readonly subject?: string;
  /** The rule, as the message states it. */
  readonly rule: string | ((c: RuleContext) => string);
  /** Whether the given props break the rule. Only called when the values it reads are known. */
  readonly broken: (c: RuleContext) => boolean;
  /** The value the message shows; the field's value by default. */
  readonly shown?: (c: RuleContext) => unknown;
  /** The same rule in HCL: a condition that holds for valid input, and the message parts that differ. */
  readonly hcl?: {
    readonly condition: (h: HclHelpers) => string;
    /** HCL string template of the rule text, when it interpolates; the rule text otherwise. */
    readonly rule?: (h: HclHelpers) => string;
    /** HCL expression of the shown value; the variable by default. No string literals: the HCL writer keeps interpolations simple. */
    readonly shown?: (h: HclHelpers) => string;
  };
  /** Why Terraform needs no such block (its type system enforces it) or cannot express it. */
  readonly hclNote?: string;
  /** A type check: once it fails, the field's other rules are skipped (they assume the type). */
  readonly isTypeCheck?: true;
}

const RULE_TEXT = {
  name: "must be 3-24 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen",
  tagValueChars: `must be at most ${TAG_VALUE_MAX_LENGTH} characters valid in a tag value (letters, digits, spaces and _ . : / = + - @)`,
  bucketName: `must be 3-63 lowercase letters, digits or hyphens (no dots), starting and ending with a letter or digit, and not start with ${RESERVED_BUCKET_PREFIXES.join(", ")}`,
  bucketNameSuffix: `must not end with a reserved suffix (${RESERVED_BUCKET_SUFFIXES.join(", ")})`,
  payloadPrefix: `must be one or more path segments each ending in '/', with no leading '/' and no '*', '?' or '$', at most ${PAYLOAD_PREFIX_MAX_LENGTH} characters`,
  keyArn: "must be a full KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)",
  keyArnAwsManaged: "AWS-managed keys cannot be used: their key policy cannot grant the producer and consumer roles",
  keyArnAlias: "aliases are not accepted: pass the full key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)",
  principalArn: "must be IAM role, user or root ARNs of a known partition",
  roleName: "must be IAM role names (1-64 of letters, digits and +=,.@_-), optionally after the role's path (service-role/orders-api)",
  keyAlias: "must start with 'alias/', use letters, digits, '/', '_' or '-', and not 'alias/aws/'",
  createdKeySetting: "configures a key the module creates and contradicts existingKmsKeyArn",
} as const;

export const integerRangeRule = (min: number, max: number): string => `must be an integer between ${min} and ${max}`;

const isIntegerIn = (value: unknown, min: number, max: number): boolean =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
const rangeOf = (field: PropName): IntegerRange => INTEGER_RANGES.find((r) => r.field === field)!;
/** Whether a numeric prop holds a value its range accepts (rules combining fields trust only those). */
const inRange = (c: RuleContext, field: PropName): boolean => {
  const { min, max } = rangeOf(field);
  const value = (c.props as unknown as Record<string, unknown>)[field];
  return c.known(value) && isIntegerIn(value, min, max);
};
const characters = (text: string): number => [...text].length;
const isString = (value: unknown): value is string => typeof value === "string";
const stringsIn = (value: unknown): string[] => (Array.isArray(value) ? value.filter(isString) : []);
const isTagMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
/** Tag keys and values that are references are unknown at synth: Terraform's own rules judge them at plan. */
const tagKeyValid = (c: RuleContext, key: string) =>
  !c.known(key) ||
  (characters(key) >= 1 &&
    characters(key) <= TAG_KEY_MAX_LENGTH &&
    TAG_CHARACTERS_PATTERN.test(key) &&
    !key.toLowerCase().startsWith("aws:"));
const tagValueValid = (c: RuleContext, value: unknown) =>
  !c.known(value) || (isString(value) && characters(value) <= TAG_VALUE_MAX_LENGTH && TAG_CHARACTERS_PATTERN.test(value));
const knownTagKeys = (c: RuleContext): string[] => Object.keys(c.props.tags).filter(c.known);
const partitionOfArn = (arn: string): string | undefined => /^arn:([a-z-]+):/.exec(arn)?.[1];
/** Region name prefixes of the partitions other than `aws`, first match wins. */
export const REGION_PREFIX_PARTITIONS: readonly (readonly [string, string])[] = [
  ["cn-", "aws-cn"],
  ["us-gov-", "aws-us-gov"],
  ["us-isob-", "aws-iso-b"],
  ["us-isof-", "aws-iso-f"],
  ["eu-isoe-", "aws-iso-e"],
  ["us-iso-", "aws-iso"],
  ["eusc-", "aws-eusc"],
];
/** The partition of a Region name. */
export const partitionOfRegion = (region: string): string =>
  REGION_PREFIX_PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
/** The same in HCL, for a region expression. */
const hclPartitionOfRegion = (h: HclHelpers, region: string): string =>
  REGION_PREFIX_PARTITIONS.reduceRight(
    (otherwise, [prefix, partition]) => `startswith(${region}, ${h.str(prefix)}) ? ${h.str(partition)} : ${otherwise}`,
    h.str("aws"),
  );
/** Every S3 rule for the name of an existing bucket (dots allowed). */
const logBucketNameValid = (name: string): boolean =>
  LOG_BUCKET_NAME_PATTERN.test(name) &&
  !name.includes("..") &&
  !IP_ADDRESS_PATTERN.test(name) &&
  !RESERVED_BUCKET_PREFIXES.some((p) => name.startsWith(p)) &&
  !RESERVED_BUCKET_SUFFIXES.some((s) => name.endsWith(s));
const hclLogBucketNameValid = (h: HclHelpers, name: string): string =>
  `can(regex(${h.re(LOG_BUCKET_NAME_PATTERN)}, ${name})) && !strcontains(${name}, "..") && !can(regex(${h.re(IP_ADDRESS_PATTERN)}, ${name})) && ` +
  `!anytrue([for prefix in ${h.list(RESERVED_BUCKET_PREFIXES)} : startswith(${name}, prefix)]) && ` +
  `!anytrue([for suffix in ${h.list(RESERVED_BUCKET_SUFFIXES)} : endswith(${name}, suffix)])`;

/** `<cond> ? true : <check>`: Terraform's `||` does not short-circuit, so a null must not reach the check. */
const unlessNull = (h: HclHelpers, field: PropName, check: string) => `${h.v(field)} == null ? true : ${check}`;
const hclTagKeyValid = (h: HclHelpers, key: string) =>
  `length(${key}) >= 1 && length(${key}) <= ${TAG_KEY_MAX_LENGTH} && can(regex(${h.re(TAG_CHARACTERS_PATTERN)}, ${key})) && !startswith(lower(${key}), "aws:")`;
const hclTagValueValid = (h: HclHelpers, value: string) =>
  `length(${value}) <= ${TAG_VALUE_MAX_LENGTH} && can(regex(${h.re(TAG_CHARACTERS_PATTERN)}, ${value}))`;

function integerRangeRules(): ValidationRule[] {
  return INTEGER_RANGES.map(({ field, min, max }) => ({
    field,
    rule: integerRangeRule(min, max),
    broken: (c) => {
      const value = (c.props as unknown as Record<string, unknown>)[field];
      return value !== undefined && !isIntegerIn(value, min, max);
    },
    hcl: {
      // Null-safe for the variables whose default the module computes (null); harmless for the others.
      condition: (h) =>
        unlessNull(h, field, `(floor(${h.v(field)}) == ${h.v(field)} && ${h.v(field)} >= ${min} && ${h.v(field)} <= ${max})`),
    },
  }));
}

/** For JavaScript callers: TypeScript's types and Terraform's variable types enforce these already. */
const TYPE_RULES: readonly ValidationRule[] = [
  ...BOOLEAN_PROPS.map((field): ValidationRule => ({
    field,
    rule: "must be a boolean (true or false)",
    broken: (c) => c.raw[field] !== undefined && typeof c.raw[field] !== "boolean",
    hclNote: "the variable's type, bool, enforces it",
  })),
  ...STRING_LIST_PROPS.map((field): ValidationRule => ({
    field,
    rule: "must be a list of strings",
    broken: (c) => c.raw[field] !== undefined && (!Array.isArray(c.raw[field]) || !(c.raw[field] as unknown[]).every(isString)),
    hclNote: "the variable's type, list(string), enforces it",
  })),
];

/** Every rule, in the order the messages are reported. */
export const VALIDATION_RULES: readonly ValidationRule[] = [
  ...TYPE_RULES,
  {
    field: "name",
    rule: RULE_TEXT.name,
    broken: (c) => !isString(c.props.name) || !NAME_PATTERN.test(c.props.name),
    hcl: { condition: (h) => `can(regex(${h.re(NAME_PATTERN)}, ${h.v("name")}))` },
  },
  {
    field: "name",
    rule: `must not start with ${RESERVED_BUCKET_PREFIXES.join(", ")} while bucketName is unset: the default bucket name would get an S3-reserved prefix`,
    broken: (c) =>
      c.props.bucketName === undefined && isString(c.props.name) && RESERVED_BUCKET_PREFIXES.some((p) => c.props.name.startsWith(p)),
    hcl: {
      condition: (h) =>
        `${h.v("bucketName")} != null ? true : !anytrue([for prefix in ${h.list(RESERVED_BUCKET_PREFIXES)} : startswith(${h.v("name")}, prefix)])`,
    },
  },
  {
    field: "environment",
    rule: RULE_TEXT.tagValueChars,
    broken: (c) => !tagValueValid(c, c.props.environment),
    hcl: { condition: (h) => hclTagValueValid(h, h.v("environment")) },
  },
  {
    field: "tags",
    rule: "must be an object mapping tag keys to string values",
    isTypeCheck: true,
    broken: (c) => !isTagMap(c.props.tags),
    hclNote: "the variable's type, map(string), enforces it",
  },
  {
    field: "tags",
    rule: `must hold at most ${MAX_TAGS_PER_RESOURCE - MANAGED_TAG_KEYS.length} tags besides ${MANAGED_TAG_KEYS.join(", ")} (AWS allows ${MAX_TAGS_PER_RESOURCE} per resource)`,
    // A key that is a reference may equal a managed key: count the known ones only (a lower bound).
    broken: (c) => isTagMap(c.props.tags) && new Set([...knownTagKeys(c), ...MANAGED_TAG_KEYS]).size > MAX_TAGS_PER_RESOURCE,
    shown: (c) => Object.keys(c.props.tags).length,
    hcl: {
      condition: (h) => `length(setunion(keys(${h.v("tags")}), ${h.list(MANAGED_TAG_KEYS)})) <= ${MAX_TAGS_PER_RESOURCE}`,
      shown: (h) => `length(${h.v("tags")})`,
    },
  },
  {
    field: "tags",
    subject: "tags keys",
    rule: `must be 1-${TAG_KEY_MAX_LENGTH} characters valid in a tag key (letters, digits, spaces and _ . : / = + - @) and not start with the reserved 'aws:'`,
    broken: (c) => isTagMap(c.props.tags) && Object.keys(c.props.tags).some((key) => !tagKeyValid(c, key)),
    hcl: { condition: (h) => `alltrue([for key in keys(${h.v("tags")}) : ${hclTagKeyValid(h, "key")}])` },
  },
  {
    field: "tags",
    subject: "tags values",
    rule: `must be strings of at most ${TAG_VALUE_MAX_LENGTH} characters valid in a tag value (letters, digits, spaces and _ . : / = + - @)`,
    broken: (c) => isTagMap(c.props.tags) && Object.values(c.props.tags).some((value) => !tagValueValid(c, value)),
    hcl: { condition: (h) => `alltrue([for value in values(${h.v("tags")}) : ${hclTagValueValid(h, "value")}])` },
  },
  {
    field: "bucketName",
    rule: RULE_TEXT.bucketName,
    broken: (c) => {
      const name = c.props.bucketName;
      return (
        name !== undefined &&
        (!isString(name) || !BUCKET_NAME_PATTERN.test(name) || RESERVED_BUCKET_PREFIXES.some((p) => name.startsWith(p)))
      );
    },
    hcl: {
      condition: (h) =>
        unlessNull(
          h,
          "bucketName",
          `(can(regex(${h.re(BUCKET_NAME_PATTERN)}, ${h.v("bucketName")})) && !anytrue([for prefix in ${h.list(RESERVED_BUCKET_PREFIXES)} : startswith(${h.v("bucketName")}, prefix)]))`,
        ),
    },
  },
  {
    field: "bucketName",
    rule: RULE_TEXT.bucketNameSuffix,
    broken: (c) => isString(c.props.bucketName) && RESERVED_BUCKET_SUFFIXES.some((s) => c.props.bucketName!.endsWith(s)),
    hcl: {
      condition: (h) =>
        unlessNull(
          h,
          "bucketName",
          `!anytrue([for suffix in ${h.list(RESERVED_BUCKET_SUFFIXES)} : endswith(${h.v("bucketName")}, suffix)])`,
        ),
    },
  },
  {
    field: "payloadPrefix",
    rule: RULE_TEXT.payloadPrefix,
    broken: (c) =>
      !isString(c.props.payloadPrefix) ||
      !PAYLOAD_PREFIX_PATTERN.test(c.props.payloadPrefix) ||
      c.props.payloadPrefix.length > PAYLOAD_PREFIX_MAX_LENGTH,
    hcl: {
      condition: (h) =>
        `can(regex(${h.re(PAYLOAD_PREFIX_PATTERN)}, ${h.v("payloadPrefix")})) && length(${h.v("payloadPrefix")}) <= ${PAYLOAD_PREFIX_MAX_LENGTH}`,
    },
  },
  {
    field: "accessLogBucketName",
    rule:
      "must be a valid S3 bucket name (3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, " +
      "no '..', not an IP address, no reserved prefix or suffix)",
    broken: (c) =>
      c.props.accessLogBucketName !== undefined &&
      (!isString(c.props.accessLogBucketName) || !logBucketNameValid(c.props.accessLogBucketName)),
    hcl: {
      condition: (h) => unlessNull(h, "accessLogBucketName", `(${hclLogBucketNameValid(h, h.v("accessLogBucketName"))})`),
    },
  },
  {
    field: "accessLogBucketName",
    rule: "must differ from bucketName (a bucket cannot log to itself)",
    broken: (c) =>
      isString(c.props.accessLogBucketName) &&
      logBucketNameValid(c.props.accessLogBucketName) &&
      c.props.accessLogBucketName === c.props.bucketName,
    hcl: { condition: (h) => `${h.v("accessLogBucketName")} == null || ${h.v("accessLogBucketName")} != ${h.v("bucketName")}` },
  },
  {
    field: "accessLogPrefix",
    rule: "is only valid together with accessLogBucketName",
    broken: (c) => c.props.accessLogPrefix !== undefined && c.props.accessLogBucketName === undefined,
    hcl: { condition: (h) => `${h.v("accessLogPrefix")} == null || ${h.v("accessLogBucketName")} != null` },
  },
  {
    field: "accessLogPrefix",
    rule: `must be at most ${ACCESS_LOG_PREFIX_MAX_LENGTH} characters (S3 keys hold 1024 bytes, log object names take the rest)`,
    broken: (c) =>
      c.props.accessLogPrefix !== undefined &&
      (!isString(c.props.accessLogPrefix) || c.props.accessLogPrefix.length > ACCESS_LOG_PREFIX_MAX_LENGTH),
    hcl: { condition: (h) => unlessNull(h, "accessLogPrefix", `length(${h.v("accessLogPrefix")}) <= ${ACCESS_LOG_PREFIX_MAX_LENGTH}`) },
  },
  ...integerRangeRules(),
  {
    field: "dlqMessageRetentionSeconds",
    rule: (c) =>
      `must be greater than messageRetentionSeconds (${c.props.messageRetentionSeconds}) so failed claims outlive the main queue`,
    broken: (c) =>
      inRange(c, "messageRetentionSeconds") &&
      inRange(c, "dlqMessageRetentionSeconds") &&
      c.props.dlqMessageRetentionSeconds <= c.props.messageRetentionSeconds,
    hcl: {
      condition: (h) => `${h.v("dlqMessageRetentionSeconds")} > ${h.v("messageRetentionSeconds")}`,
      rule: (h) =>
        `must be greater than messageRetentionSeconds (\${${h.v("messageRetentionSeconds")}}) so failed claims outlive the main queue`,
    },
  },
  {
    field: "payloadExpirationDays",
    rule: (c) =>
      `must be at least ${minimumPayloadExpirationDays(c.props)} so no claim outlives its payload ` +
      `(${requiredPayloadLifetimeSeconds(c.props)} s = delay + longest claim age + one redrive + 1-day margin)`,
    broken: (c) => {
      const expiry = c.props.payloadExpirationDays;
      const inputsValid = inRange(c, "messageRetentionSeconds") && inRange(c, "dlqMessageRetentionSeconds") && inRange(c, "delaySeconds");
      return inputsValid && inRange(c, "payloadExpirationDays") && expiry! < minimumPayloadExpirationDays(c.props);
    },
    hcl: {
      condition: (h) => unlessNull(h, "payloadExpirationDays", `${h.v("payloadExpirationDays")} >= ${minimumExpirationDaysHcl(h)}`),
      rule: (h) =>
        `must be at least \${${minimumExpirationDaysHcl(h)}} so no claim outlives its payload ` +
        `(\${${requiredLifetimeSecondsHcl(h)}} s = delay + longest claim age + one redrive + 1-day margin)`,
    },
  },
  {
    field: "noncurrentVersionExpirationDays",
    rule: "is ignored while versioning is false: set versioning to true or leave it unset",
    broken: (c) => c.raw.noncurrentVersionExpirationDays !== undefined && c.props.versioning === false,
    hcl: { condition: (h) => `${h.v("noncurrentVersionExpirationDays")} == null || ${h.v("versioning")}` },
  },
  {
    field: "contentBasedDeduplication",
    rule: "is only valid when fifo is true",
    broken: (c) => c.props.contentBasedDeduplication === true && c.props.fifo !== true,
    hcl: { condition: (h) => `!${h.v("contentBasedDeduplication")} || ${h.v("fifo")}` },
  },
  {
    field: "forceDestroy",
    rule: "contradicts preventDestroy: true",
    broken: (c) => c.props.forceDestroy === true && c.props.preventDestroy === true,
    hclNote: "the Registry module has no prevent_destroy input",
  },
  {
    field: "existingKmsKeyArn",
    rule: (c) => {
      const arn = String(c.props.existingKmsKeyArn);
      return /alias\/aws\//.test(arn) ? RULE_TEXT.keyArnAwsManaged : /alias\//.test(arn) ? RULE_TEXT.keyArnAlias : RULE_TEXT.keyArn;
    },
    broken: (c) =>
      c.props.existingKmsKeyArn !== undefined &&
      (!isString(c.props.existingKmsKeyArn) || !KMS_KEY_ARN_PATTERN.test(c.props.existingKmsKeyArn)),
    hcl: {
      condition: (h) => unlessNull(h, "existingKmsKeyArn", `can(regex(${h.re(KMS_KEY_ARN_PATTERN)}, ${h.v("existingKmsKeyArn")}))`),
      // Terraform evaluates the message even when the condition holds, so it must not fail on null.
      rule: (h) => {
        const arn = h.v("existingKmsKeyArn");
        return (
          `\${${arn} == null ? "" : strcontains(${arn}, "alias/aws/") ? ${h.str(RULE_TEXT.keyArnAwsManaged)} : ` +
          `strcontains(${arn}, "alias/") ? ${h.str(RULE_TEXT.keyArnAlias)} : ${h.str(RULE_TEXT.keyArn)}}`
        );
      },
    },
  },
  {
    field: "existingKmsKeyArn",
    rule: (c) => {
      const region = String(c.props.existingKmsKeyArn).split(":")[3];
      return `must have the partition of its region (${region} is in ${partitionOfRegion(region)})`;
    },
    broken: (c) => {
      const arn = c.props.existingKmsKeyArn;
      return isString(arn) && KMS_KEY_ARN_PATTERN.test(arn) && arn.split(":")[1] !== partitionOfRegion(arn.split(":")[3]);
    },
    hcl: {
      condition: (h) =>
        unlessNull(
          h,
          "existingKmsKeyArn",
          `!can(regex(${h.re(KMS_KEY_ARN_PATTERN)}, ${h.v("existingKmsKeyArn")})) || try(split(":", ${h.v("existingKmsKeyArn")})[1] == (${hclPartitionOfRegion(h, `split(":", ${h.v("existingKmsKeyArn")})[3]`)}), false)`,
        ),
      // Evaluated even when the condition holds: must not fail on null or a malformed ARN.
      rule: (h) => {
        const region = `try(split(":", ${h.v("existingKmsKeyArn")})[3], "")`;
        return `must have the partition of its region (\${${region}} is in \${${hclPartitionOfRegion(h, region)}})`;
      },
    },
  },
  {
    field: "existingKmsKeyArn",
    rule: (c) => `must be in the stack's region (${c.stackRegion}): SQS and S3 use keys of their own region only`,
    broken: (c) =>
      c.stackRegion !== undefined &&
      isString(c.props.existingKmsKeyArn) &&
      KMS_KEY_ARN_PATTERN.test(c.props.existingKmsKeyArn) &&
      c.props.existingKmsKeyArn.split(":")[3] !== c.stackRegion,
    hclNote: "a variable's validation cannot read the provider's region; the provider rejects the key at apply",
  },
  ...CREATED_KEY_SETTINGS.map((setting): ValidationRule => ({
    field: setting,
    rule: RULE_TEXT.createdKeySetting,
    broken: (c) => c.props.existingKmsKeyArn !== undefined && c.raw[setting] !== undefined,
    hcl: { condition: (h) => `${h.v("existingKmsKeyArn")} == null || ${h.v(setting)} == null` },
  })),
  {
    field: "keyAlias",
    rule: RULE_TEXT.keyAlias,
    broken: (c) =>
      c.props.existingKmsKeyArn === undefined &&
      c.props.keyAlias !== undefined &&
      (!isString(c.props.keyAlias) || !KEY_ALIAS_PATTERN.test(c.props.keyAlias) || c.props.keyAlias.startsWith("alias/aws/")),
    hcl: {
      condition: (h) =>
        unlessNull(
          h,
          "keyAlias",
          `(can(regex(${h.re(KEY_ALIAS_PATTERN)}, ${h.v("keyAlias")})) && !startswith(${h.v("keyAlias")}, "alias/aws/"))`,
        ),
    },
  },
  {
    field: "keyAdministratorArns",
    subject: "keyAdministratorArns items",
    rule: RULE_TEXT.principalArn,
    broken: (c) =>
      c.props.existingKmsKeyArn === undefined &&
      stringsIn(c.props.keyAdministratorArns)
        .filter(c.known)
        .some((a) => !IAM_PRINCIPAL_ARN_PATTERN.test(a)),
    hcl: {
      condition: (h) =>
        `alltrue([for arn in coalesce(${h.v("keyAdministratorArns")}, []) : can(regex(${h.re(IAM_PRINCIPAL_ARN_PATTERN)}, arn))])`,
    },
  },
  {
    field: "keyAdministratorArns",
    rule: (c) =>
      c.stackRegion === undefined
        ? "must all be in one partition"
        : `must all be in the stack's partition (${partitionOfRegion(c.stackRegion)})`,
    broken: (c) => {
      const partitions = new Set(
        stringsIn(c.props.keyAdministratorArns)
          .filter((a) => c.known(a) && IAM_PRINCIPAL_ARN_PATTERN.test(a))
          .map(partitionOfArn),
      );
      if (c.stackRegion !== undefined) partitions.add(partitionOfRegion(c.stackRegion));
      return partitions.size > 1;
    },
    hcl: {
      // Like the TypeScript check, only well-formed ARNs count: a malformed one gets the format rule's message, not "Invalid index".
      condition: (h) =>
        `length(distinct([for arn in coalesce(${h.v("keyAdministratorArns")}, []) : try(split(":", arn)[1], "") if can(regex(${h.re(IAM_PRINCIPAL_ARN_PATTERN)}, arn))])) <= 1`,
      rule: () => "must all be in one partition",
    },
  },
  ...(["producerRoleNames", "consumerRoleNames"] as const).flatMap((field): ValidationRule[] => [
    {
      field,
      subject: `${field} items`,
      rule: RULE_TEXT.roleName,
      broken: (c) =>
        stringsIn(c.props[field])
          .filter(c.known)
          .some((name) => !IAM_ROLE_NAME_PATTERN.test(name)),
      hcl: { condition: (h) => `alltrue([for name in ${h.v(field)} : can(regex(${h.re(IAM_ROLE_NAME_PATTERN)}, name))])` },
    },
    {
      field,
      rule: "must not repeat a role",
      broken: (c) => {
        const names = stringsIn(c.props[field]);
        return new Set(names).size !== names.length;
      },
      hcl: { condition: (h) => `length(distinct(${h.v(field)})) == length(${h.v(field)})` },
    },
  ]),
];

/** Lifetime invariant, the HCL twin of lifetime.ts (a parity test evaluates both). */
export const requiredLifetimeSecondsHcl = (h: Pick<HclHelpers, "v">): string =>
  `${h.v("delaySeconds")} + (${h.v("fifo")} ? ${h.v("messageRetentionSeconds")} + ${h.v("dlqMessageRetentionSeconds")} : ` +
  `max(${h.v("messageRetentionSeconds")}, ${h.v("dlqMessageRetentionSeconds")})) + ${h.v("messageRetentionSeconds")} + ` +
  `${PAYLOAD_LIFETIME_MARGIN_SECONDS}`;
export const minimumExpirationDaysHcl = (h: Pick<HclHelpers, "v">): string => `ceil((${requiredLifetimeSecondsHcl(h)}) / 86400)`;
