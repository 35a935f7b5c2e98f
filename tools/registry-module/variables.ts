import { CLAIM_CHECK_DEFAULTS } from "../../modules/claim-check/spec";
import { PAYLOAD_LIFETIME_MARGIN_SECONDS } from "../../modules/claim-check/spec";
import { ClaimCheckProps } from "../../modules/claim-check/spec";
import {
  BUCKET_NAME_PATTERN,
  IAM_PRINCIPAL_ARN_PATTERN,
  IAM_ROLE_NAME_PATTERN,
  INTEGER_RANGES,
  KEY_ALIAS_PATTERN,
  KMS_KEY_ARN_PATTERN,
  LOG_BUCKET_NAME_PATTERN,
  NAME_PATTERN,
  PAYLOAD_PREFIX_PATTERN,
  RESERVED_BUCKET_PREFIXES,
  RESERVED_BUCKET_SUFFIXES,
  RULES,
  TAG_VALUE_PATTERN,
} from "../../modules/claim-check/spec";
import { HclValue, quote } from "./hcl";
import { PropDoc } from "./prop-docs";

/** Props the Registry module cannot offer, and why (shown in its README). */
export const UNSUPPORTED_PROPS: Partial<Record<keyof ClaimCheckProps, string>> = {
  preventDestroy:
    "Terraform only accepts a literal in `lifecycle.prevent_destroy`, so a module cannot make it an input; protect production with `force_destroy = false` (the default), the key's deletion window and IAM/SCP guardrails, or use the CDKTF construct.",
};

/** Variable names differing from the snake_case of the prop, following terraform-aws-modules. */
const RENAMED: Partial<Record<keyof ClaimCheckProps, string>> = { existingKmsKeyArn: "kms_key_arn" };

export const variableName = (prop: string): string =>
  RENAMED[prop as keyof ClaimCheckProps] ?? prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Props and outputs named in the construct's docs, as the Registry module calls them. */
export const toModuleVocabulary = (text: string, props: readonly string[]): string =>
  text.replace(/`(\w+)`/g, (whole, word: string) =>
    word === "requiredKeyPolicyStatements" ? "`required_kms_key_policy_statements`" : props.includes(word) ? `\`${variableName(word)}\`` : whole,
  );

export interface Validation {
  readonly condition: string;
  readonly errorMessage: string;
}

export interface VariableSpec {
  /** The construct prop it mirrors; absent for the module's own inputs. */
  readonly prop?: keyof ClaimCheckProps;
  readonly name: string;
  readonly type: string;
  readonly description: string;
  /** `undefined`: required. */
  readonly default?: HclValue;
  readonly nullable?: boolean;
  readonly validations: readonly Validation[];
}

/** An RE2-compatible pattern as an HCL string literal. */
const re = (pattern: RegExp): string => quote(pattern.source.replace(/\\\//g, "/"));
const v = (name: string) => `var.${name}`;
/** The message of the construct's rule, naming the variable and showing the value as JSON, as the construct does. */
const message = (name: string, rule: string, shown = v(name)) => `${name} ${rule}, but \${jsonencode(${shown})} was given.`;
/** Skip the check when an optional variable is null: Terraform's || does not short-circuit. */
const unlessNull = (name: string, condition: string) => `${v(name)} == null ? true : ${condition}`;
const hclList = (items: readonly string[]) => `[${items.map(quote).join(", ")}]`;

function integerRange(name: string, min: number, max: number, optional: boolean): Validation {
  const check = `(floor(${v(name)}) == ${v(name)} && ${v(name)} >= ${min} && ${v(name)} <= ${max})`;
  return { condition: optional ? unlessNull(name, check) : check, errorMessage: message(name, RULES.integerRange(min, max)) };
}

/** Settings of a created key contradict an existing key: the same rule as the construct's. */
const contradictsExistingKey = (name: string): Validation => ({
  condition: `var.kms_key_arn == null || ${v(name)} == null`,
  errorMessage: message(name, RULES.createdKeySetting.replace("existingKmsKeyArn", "kms_key_arn")),
});

const eachMatches = (name: string, pattern: RegExp, rule: string): Validation => ({
  condition: `alltrue([for item in ${unlessNullList(name)} : can(regex(${re(pattern)}, item))])`,
  errorMessage: `${name} items ${rule}, but \${jsonencode(${v(name)})} was given.`,
});
const unlessNullList = (name: string) => `coalesce(${v(name)}, [])`;

/** Lifetime invariant, the HCL twin of lifetime.ts (a parity test evaluates both). */
export const REQUIRED_LIFETIME_SECONDS_EXPRESSION =
  `var.delay_seconds + (var.fifo ? var.message_retention_seconds + var.dlq_message_retention_seconds : ` +
  `max(var.message_retention_seconds, var.dlq_message_retention_seconds)) + var.message_retention_seconds + ` +
  `${PAYLOAD_LIFETIME_MARGIN_SECONDS}`;
export const MINIMUM_EXPIRATION_DAYS_EXPRESSION = `ceil((${REQUIRED_LIFETIME_SECONDS_EXPRESSION}) / 86400)`;

const rangeOf = (prop: keyof ClaimCheckProps) => {
  const range = INTEGER_RANGES.find((r) => r.field === prop);
  if (!range) throw new Error(`no range for ${prop}`);
  return range;
};

interface Draft {
  readonly prop: keyof ClaimCheckProps;
  readonly type: string;
  /** Default in HCL; `null` for optional inputs whose default the module computes. */
  readonly default?: HclValue;
  readonly validations?: (name: string) => Validation[];
}

const range = (prop: keyof ClaimCheckProps, optional = false) => (name: string) => {
  const { min, max } = rangeOf(prop);
  return [integerRange(name, min, max, optional)];
};

/** A list of role names to attach a policy to: valid names, none repeated. */
function roleNames(prop: "producerRoleNames" | "consumerRoleNames"): Draft {
  return {
    prop,
    type: "list(string)",
    default: [],
    validations: (n) => [
      eachMatches(n, IAM_ROLE_NAME_PATTERN, RULES.roleName),
      { condition: `length(distinct(${v(n)})) == length(${v(n)})`, errorMessage: message(n, RULES.duplicateRole) },
    ],
  };
}

/** Every input of the module, in the order of the props interface, with the construct's defaults. */
const DRAFTS: readonly Draft[] = [
  {
    prop: "name",
    type: "string",
    validations: (n) => [{ condition: `can(regex(${re(NAME_PATTERN)}, ${v(n)}))`, errorMessage: message(n, RULES.name) }],
  },
  {
    prop: "environment",
    type: "string",
    default: CLAIM_CHECK_DEFAULTS.environment,
    validations: (n) => [{ condition: `can(regex(${re(TAG_VALUE_PATTERN)}, ${v(n)}))`, errorMessage: message(n, RULES.environment) }],
  },
  {
    prop: "tags",
    type: "map(string)",
    default: {},
    validations: (n) => [
      {
        condition: `alltrue([for key, value in ${v(n)} : length(key) >= 1 && length(key) <= 128 && !startswith(lower(key), "aws:") && length(value) <= 256])`,
        errorMessage: `${n} keys ${RULES.tagKey} and values ${RULES.tagValue.replace("must be a string of", "must have")}, but \${jsonencode(${v(n)})} was given.`,
      },
    ],
  },
  {
    prop: "bucketName",
    type: "string",
    default: null,
    validations: (n) => [
      {
        condition: unlessNull(
          n,
          `(can(regex(${re(BUCKET_NAME_PATTERN)}, ${v(n)})) && !anytrue([for prefix in ${hclList(RESERVED_BUCKET_PREFIXES)} : startswith(${v(n)}, prefix)]))`,
        ),
        errorMessage: message(n, RULES.bucketName),
      },
      {
        condition: unlessNull(n, `!anytrue([for suffix in ${hclList(RESERVED_BUCKET_SUFFIXES)} : endswith(${v(n)}, suffix)])`),
        errorMessage: message(n, RULES.bucketNameSuffix),
      },
    ],
  },
  {
    prop: "payloadPrefix",
    type: "string",
    default: CLAIM_CHECK_DEFAULTS.payloadPrefix,
    validations: (n) => [{ condition: `can(regex(${re(PAYLOAD_PREFIX_PATTERN)}, ${v(n)}))`, errorMessage: message(n, RULES.payloadPrefix) }],
  },
  { prop: "versioning", type: "bool", default: CLAIM_CHECK_DEFAULTS.versioning },
  {
    prop: "noncurrentVersionExpirationDays",
    type: "number",
    default: CLAIM_CHECK_DEFAULTS.noncurrentVersionExpirationDays,
    validations: range("noncurrentVersionExpirationDays"),
  },
  {
    prop: "payloadExpirationDays",
    type: "number",
    default: null,
    validations: (n) => [
      ...range("payloadExpirationDays", true)(n),
      {
        condition: unlessNull(n, `${v(n)} >= ${MINIMUM_EXPIRATION_DAYS_EXPRESSION}`),
        errorMessage:
          `${n} must be at least \${${MINIMUM_EXPIRATION_DAYS_EXPRESSION}} so no claim outlives its payload ` +
          `(\${${REQUIRED_LIFETIME_SECONDS_EXPRESSION}} s = delay + longest claim age + one redrive + 1-day margin), ` +
          `but \${jsonencode(${v(n)})} was given.`,
      },
    ],
  },
  {
    prop: "abortIncompleteMultipartUploadDays",
    type: "number",
    default: CLAIM_CHECK_DEFAULTS.abortIncompleteMultipartUploadDays,
    validations: range("abortIncompleteMultipartUploadDays"),
  },
  { prop: "forceDestroy", type: "bool", default: CLAIM_CHECK_DEFAULTS.forceDestroy },
  {
    prop: "accessLogBucketName",
    type: "string",
    default: null,
    validations: (n) => [
      { condition: unlessNull(n, `can(regex(${re(LOG_BUCKET_NAME_PATTERN)}, ${v(n)}))`), errorMessage: message(n, RULES.logBucket) },
      {
        condition: `${v(n)} == null || ${v(n)} != var.bucket_name`,
        errorMessage: message(n, "must differ from bucket_name (a bucket cannot log to itself)"),
      },
    ],
  },
  {
    prop: "accessLogPrefix",
    type: "string",
    default: null,
    validations: (n) => [
      {
        condition: `${v(n)} == null || var.access_log_bucket_name != null`,
        errorMessage: message(n, RULES.logPrefixNeedsBucket.replace("accessLogBucketName", "access_log_bucket_name")),
      },
    ],
  },
  { prop: "fifo", type: "bool", default: CLAIM_CHECK_DEFAULTS.fifo },
  {
    prop: "contentBasedDeduplication",
    type: "bool",
    default: CLAIM_CHECK_DEFAULTS.contentBasedDeduplication,
    validations: (n) => [{ condition: `!${v(n)} || var.fifo`, errorMessage: message(n, RULES.fifoOnly) }],
  },
  { prop: "maxMessageSize", type: "number", default: CLAIM_CHECK_DEFAULTS.maxMessageSize, validations: range("maxMessageSize") },
  {
    prop: "visibilityTimeoutSeconds",
    type: "number",
    default: CLAIM_CHECK_DEFAULTS.visibilityTimeoutSeconds,
    validations: range("visibilityTimeoutSeconds"),
  },
  {
    prop: "messageRetentionSeconds",
    type: "number",
    default: CLAIM_CHECK_DEFAULTS.messageRetentionSeconds,
    validations: range("messageRetentionSeconds"),
  },
  {
    prop: "dlqMessageRetentionSeconds",
    type: "number",
    default: CLAIM_CHECK_DEFAULTS.dlqMessageRetentionSeconds,
    validations: (n) => [
      ...range("dlqMessageRetentionSeconds")(n),
      {
        condition: `${v(n)} > var.message_retention_seconds`,
        errorMessage: message(n, RULES.dlqLonger("message_retention_seconds (${var.message_retention_seconds})")),
      },
    ],
  },
  { prop: "delaySeconds", type: "number", default: CLAIM_CHECK_DEFAULTS.delaySeconds, validations: range("delaySeconds") },
  {
    prop: "receiveWaitTimeSeconds",
    type: "number",
    default: CLAIM_CHECK_DEFAULTS.receiveWaitTimeSeconds,
    validations: range("receiveWaitTimeSeconds"),
  },
  { prop: "maxReceiveCount", type: "number", default: CLAIM_CHECK_DEFAULTS.maxReceiveCount, validations: range("maxReceiveCount") },
  {
    prop: "kmsDataKeyReusePeriodSeconds",
    type: "number",
    default: CLAIM_CHECK_DEFAULTS.kmsDataKeyReusePeriodSeconds,
    validations: range("kmsDataKeyReusePeriodSeconds"),
  },
  {
    prop: "existingKmsKeyArn",
    type: "string",
    default: null,
    validations: (n) => [
      {
        condition: unlessNull(n, `can(regex(${re(KMS_KEY_ARN_PATTERN)}, ${v(n)}))`),
        // The same three hints as the construct: AWS-managed key, alias, or malformed. Terraform evaluates
        // the message even when the condition holds, so it must not fail on null.
        errorMessage:
          `${n} \${${v(n)} == null ? "" : strcontains(${v(n)}, "alias/aws/") ? ${quote(RULES.keyArnAwsManaged)} : ` +
          `strcontains(${v(n)}, "alias/") ? ${quote(RULES.keyArnAlias)} : ${quote(RULES.keyArn)}}, but \${jsonencode(${v(n)})} was given.`,
      },
    ],
  },
  {
    prop: "keyDeletionWindowInDays",
    type: "number",
    default: null,
    validations: (n) => [...range("keyDeletionWindowInDays", true)(n), contradictsExistingKey(n)],
  },
  {
    prop: "keyAdministratorArns",
    type: "list(string)",
    default: null,
    validations: (n) => [eachMatches(n, IAM_PRINCIPAL_ARN_PATTERN, RULES.principalArn), contradictsExistingKey(n)],
  },
  {
    prop: "keyAlias",
    type: "string",
    default: null,
    validations: (n) => [
      {
        condition: unlessNull(n, `(can(regex(${re(KEY_ALIAS_PATTERN)}, ${v(n)})) && !startswith(${v(n)}, "alias/aws/"))`),
        errorMessage: message(n, RULES.keyAlias),
      },
      contradictsExistingKey(n),
    ],
  },
  roleNames("producerRoleNames"),
  roleNames("consumerRoleNames"),
  { prop: "deleteOnConsume", type: "bool", default: CLAIM_CHECK_DEFAULTS.deleteOnConsume },
  { prop: "expireConsumedPayloads", type: "bool", default: CLAIM_CHECK_DEFAULTS.expireConsumedPayloads },
];

/** Computed defaults shown for `null` inputs, in the module's words. */
const NULL_MEANS: Partial<Record<keyof ClaimCheckProps, string>> = {
  keyDeletionWindowInDays: `${CLAIM_CHECK_DEFAULTS.keyDeletionWindowInDays} for a created key`,
  keyAdministratorArns: "no administrators besides the account",
  keyAlias: '"alias/<name>"',
  bucketName: '"<name>-payloads-<account id>-<region>"',
  payloadExpirationDays: "the smallest number of days that satisfies the lifetime invariant",
  existingKmsKeyArn: "the module creates a key",
  accessLogBucketName: "no access logging",
  accessLogPrefix: '"<bucket name>/"',
};

/**
 * Inputs only the Terraform module has. `count` must be known at plan, and a key created in the same
 * configuration has an unknown ARN until apply, so its callers say explicitly that they bring a key.
 */
export const MODULE_ONLY_VARIABLES: readonly VariableSpec[] = [
  {
    name: "create_kms_key",
    type: "bool",
    description:
      "Whether the module creates the KMS key. null: create one when `kms_key_arn` is null. Set false when `kms_key_arn` comes from a resource created in the same apply, whose ARN is unknown at plan.",
    default: null,
    validations: [
      {
        condition: "var.create_kms_key == null || var.create_kms_key == (var.kms_key_arn == null)",
        errorMessage: "create_kms_key must be false when kms_key_arn is set and true when it is not, but ${jsonencode(var.create_kms_key)} was given.",
      },
    ],
  },
];

/** The module's variables, built from the props' docs, the construct's defaults and its validation rules. */
export function variableSpecs(docs: Record<string, PropDoc>): VariableSpec[] {
  return [...DRAFTS.map((draft) => {
    const name = variableName(draft.prop);
    const doc = docs[draft.prop];
    if (!doc) throw new Error(`props.ts documents no ${draft.prop}`);
    const nullMeans = NULL_MEANS[draft.prop];
    return {
      prop: draft.prop,
      name,
      type: draft.type,
      description: toModuleVocabulary(doc.summary, Object.keys(docs)) + (nullMeans ? ` null: ${nullMeans}.` : ""),
      default: draft.default,
      nullable: draft.default === null || draft.default === undefined ? undefined : false,
      validations: draft.validations?.(name) ?? [],
    };
  }), ...MODULE_ONLY_VARIABLES];
}
