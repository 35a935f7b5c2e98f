import {
  CLAIM_CHECK_DEFAULTS,
  CLAIM_CHECK_PROP_NAMES,
  ClaimCheckProps,
  HclHelpers,
  minimumExpirationDaysHcl,
  requiredLifetimeSecondsHcl,
  VALIDATION_RULES,
  ValidationRule,
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
    word === "requiredKeyPolicyStatements"
      ? "`required_kms_key_policy_statements`"
      : props.includes(word)
        ? `\`${variableName(word)}\``
        : whole,
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

/** An RE2-compatible pattern as an HCL string literal (`\/` is just `/` in RE2). */
const re = (pattern: RegExp): string => quote(pattern.source.replace(/\\\//g, "/"));
const HELPERS: HclHelpers = {
  v: (prop) => `var.${variableName(prop)}`,
  re,
  list: (items) => `[${items.map(quote).join(", ")}]`,
  str: quote,
};

/** Lifetime invariant in HCL, rendered from the spec (a parity test evaluates it against lifetime.ts). */
export const REQUIRED_LIFETIME_SECONDS_EXPRESSION = requiredLifetimeSecondsHcl(HELPERS);
export const MINIMUM_EXPIRATION_DAYS_EXPRESSION = minimumExpirationDaysHcl(HELPERS);

/**
 * The HCL interpreter of the rules table: each row with an `hcl` form becomes a validation block with
 * the construct's message in the module's words, showing the value as JSON as the construct does.
 */
function validationOf(rule: ValidationRule): Validation {
  const hcl = rule.hcl!;
  const subject = toModuleWords(rule.subject ?? rule.field);
  const text = hcl.rule ? hcl.rule(HELPERS) : escapeTemplate(toModuleWords(rule.rule as string));
  const shown = hcl.shown ? hcl.shown(HELPERS) : HELPERS.v(rule.field);
  return {
    condition: hcl.condition(HELPERS),
    errorMessage: `${subject} ${hcl.rule ? toModuleWords(text) : text}, but \${jsonencode(${shown})} was given.`,
  };
}

/** `${` and `%{` start templates in an HCL string: literal rule text must not. */
const escapeTemplate = (text: string): string => text.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");

/** camelCase prop names in a message, as the module's variable names. */
const toModuleWords = (text: string): string =>
  text.replace(/\b[a-z]+[A-Z]\w*\b/g, (word) =>
    CLAIM_CHECK_PROP_NAMES.includes(word as keyof ClaimCheckProps) ? variableName(word) : word,
  );

const validationsFor = (prop: keyof ClaimCheckProps): Validation[] =>
  VALIDATION_RULES.filter((rule) => rule.field === prop && rule.hcl !== undefined).map(validationOf);

interface Draft {
  readonly prop: keyof ClaimCheckProps;
  readonly type: string;
  /** Default in HCL; `null` for optional inputs whose default the module computes. */
  readonly default?: HclValue;
}

/** Every input of the module, in the order of the props interface, with the construct's defaults. */
const DRAFTS: readonly Draft[] = [
  { prop: "name", type: "string" },
  { prop: "environment", type: "string", default: CLAIM_CHECK_DEFAULTS.environment },
  { prop: "tags", type: "map(string)", default: {} },
  { prop: "bucketName", type: "string", default: null },
  { prop: "payloadPrefix", type: "string", default: CLAIM_CHECK_DEFAULTS.payloadPrefix },
  { prop: "versioning", type: "bool", default: CLAIM_CHECK_DEFAULTS.versioning },
  // null, so the module can tell a value set with versioning off (ignored, so rejected) from the default.
  { prop: "noncurrentVersionExpirationDays", type: "number", default: null },
  { prop: "payloadExpirationDays", type: "number", default: null },
  { prop: "abortIncompleteMultipartUploadDays", type: "number", default: CLAIM_CHECK_DEFAULTS.abortIncompleteMultipartUploadDays },
  { prop: "forceDestroy", type: "bool", default: CLAIM_CHECK_DEFAULTS.forceDestroy },
  { prop: "accessLogBucketName", type: "string", default: null },
  { prop: "accessLogPrefix", type: "string", default: null },
  { prop: "fifo", type: "bool", default: CLAIM_CHECK_DEFAULTS.fifo },
  { prop: "contentBasedDeduplication", type: "bool", default: CLAIM_CHECK_DEFAULTS.contentBasedDeduplication },
  { prop: "maxMessageSize", type: "number", default: CLAIM_CHECK_DEFAULTS.maxMessageSize },
  { prop: "visibilityTimeoutSeconds", type: "number", default: CLAIM_CHECK_DEFAULTS.visibilityTimeoutSeconds },
  { prop: "messageRetentionSeconds", type: "number", default: CLAIM_CHECK_DEFAULTS.messageRetentionSeconds },
  { prop: "dlqMessageRetentionSeconds", type: "number", default: CLAIM_CHECK_DEFAULTS.dlqMessageRetentionSeconds },
  { prop: "delaySeconds", type: "number", default: CLAIM_CHECK_DEFAULTS.delaySeconds },
  { prop: "receiveWaitTimeSeconds", type: "number", default: CLAIM_CHECK_DEFAULTS.receiveWaitTimeSeconds },
  { prop: "maxReceiveCount", type: "number", default: CLAIM_CHECK_DEFAULTS.maxReceiveCount },
  { prop: "kmsDataKeyReusePeriodSeconds", type: "number", default: CLAIM_CHECK_DEFAULTS.kmsDataKeyReusePeriodSeconds },
  { prop: "existingKmsKeyArn", type: "string", default: null },
  { prop: "keyDeletionWindowInDays", type: "number", default: null },
  { prop: "keyAdministratorArns", type: "list(string)", default: null },
  { prop: "keyAlias", type: "string", default: null },
  { prop: "producerRoleNames", type: "list(string)", default: [] },
  { prop: "consumerRoleNames", type: "list(string)", default: [] },
  { prop: "deleteOnConsume", type: "bool", default: CLAIM_CHECK_DEFAULTS.deleteOnConsume },
  { prop: "expireConsumedPayloads", type: "bool", default: CLAIM_CHECK_DEFAULTS.expireConsumedPayloads },
];

/** Computed defaults shown for `null` inputs, in the module's words. */
const NULL_MEANS: Partial<Record<keyof ClaimCheckProps, string>> = {
  keyDeletionWindowInDays: `${CLAIM_CHECK_DEFAULTS.keyDeletionWindowInDays} for a created key`,
  noncurrentVersionExpirationDays: `${CLAIM_CHECK_DEFAULTS.noncurrentVersionExpirationDays} with versioning`,
  keyAdministratorArns: "no administrators besides the account",
  keyAlias: '"alias/<name>"',
  bucketName: '"<name>-payloads-<account id>-<region>"',
  payloadExpirationDays: "the smallest number of days that satisfies the lifetime invariant",
  existingKmsKeyArn: "the module creates a key",
  accessLogBucketName: "no access logging",
  accessLogPrefix: '"<bucket name>/"',
};

/** What only the module's callers need to know about an input. */
const MODULE_NOTES: Partial<Record<keyof ClaimCheckProps, string>> = {
  producerRoleNames:
    "Must be known at plan (they key the attachments' for_each): pass literal names, not the name of a role created in the same apply without a literal name.",
  consumerRoleNames: "Must be known at plan, like producer_role_names.",
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
        errorMessage:
          "create_kms_key must be false when kms_key_arn is set and true when it is not, but ${jsonencode(var.create_kms_key)} was given.",
      },
    ],
  },
];

/** The module's variables, built from the props' docs, the construct's defaults and its validation rules. */
export function variableSpecs(docs: Record<string, PropDoc>): VariableSpec[] {
  return [
    ...DRAFTS.map((draft) => {
      const name = variableName(draft.prop);
      const doc = docs[draft.prop];
      if (!doc) throw new Error(`props.ts documents no ${draft.prop}`);
      const nullMeans = NULL_MEANS[draft.prop];
      return {
        prop: draft.prop,
        name,
        type: draft.type,
        description:
          toModuleVocabulary(doc.summary, Object.keys(docs)) +
          (nullMeans ? ` null: ${nullMeans}.` : "") +
          (MODULE_NOTES[draft.prop] ? ` ${MODULE_NOTES[draft.prop]}` : ""),
        default: draft.default,
        nullable: draft.default === null || draft.default === undefined ? undefined : false,
        validations: validationsFor(draft.prop),
      };
    }),
    ...MODULE_ONLY_VARIABLES,
  ];
}
