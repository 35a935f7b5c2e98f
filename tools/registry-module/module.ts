import { CLAIM_CHECK_DEFAULTS, MANAGED_BY_TAG_VALUE, PATTERN_TAG_VALUE } from "../../modules/claim-check/spec";
import { claimQueueBaseName, deadLetterQueueBaseName, defaultBucketName, FIFO_SUFFIX } from "../../modules/claim-check/spec";
import { OUTPUT_DESCRIPTIONS, OUTPUT_NAMES, OutputName } from "../../modules/claim-check/spec";
import {
  accessPolicyDescription,
  accessPolicyName,
  defaultAccessLogPrefix,
  defaultKeyAlias,
  KEY_DESCRIPTION,
  LifecycleRuleSpec,
  OBJECT_OWNERSHIP,
  payloadLifecycleRules,
  redriveAllowPolicy,
  redrivePolicy,
  VERSIONING_STATUS,
  accountRootArn,
  rolePrincipalArn,
  buildBucketPolicy,
  buildProducerPolicy,
  buildQueuePolicy,
  buildRequiredKeyPolicyStatements,
  consumerPolicyTemplate,
  IdentityPolicyTemplateInputs,
  isConditional,
  keyPolicyTemplate,
  PolicyDocument,
  PolicyStatement,
  PolicyTemplate,
} from "../../modules/claim-check/spec";
import { attr, blank, block, BodyItem, Expr, expr, HclValue, quote, renderValue } from "./hcl";
import { MINIMUM_EXPIRATION_DAYS_EXPRESSION } from "./variables";

/**
 * Where each construct id lives in the Registry module: the parity test maps the CDKTF synth onto the
 * module with this table.
 */
export const MODULE_ADDRESSES = {
  Partition: "data.aws_partition.current",
  Account: "data.aws_caller_identity.current",
  Region: "data.aws_region.current",
  Key: "aws_kms_key.this",
  KeyAlias: "aws_kms_alias.this",
  PayloadBucket: "aws_s3_bucket.this",
  PayloadBucketPublicAccessBlock: "aws_s3_bucket_public_access_block.this",
  PayloadBucketOwnershipControls: "aws_s3_bucket_ownership_controls.this",
  PayloadBucketEncryption: "aws_s3_bucket_server_side_encryption_configuration.this",
  PayloadBucketVersioning: "aws_s3_bucket_versioning.this",
  PayloadBucketLifecycle: "aws_s3_bucket_lifecycle_configuration.this",
  PayloadBucketPolicy: "aws_s3_bucket_policy.this",
  PayloadBucketLogging: "aws_s3_bucket_logging.this",
  DeadLetterQueue: "aws_sqs_queue.dlq",
  Queue: "aws_sqs_queue.this",
  DeadLetterQueueRedriveAllowPolicy: "aws_sqs_queue_redrive_allow_policy.dlq",
  QueuePolicy: "aws_sqs_queue_policy.this",
  DeadLetterQueuePolicy: "aws_sqs_queue_policy.dlq",
  ProducerPolicy: "aws_iam_policy.producer",
  ConsumerPolicy: "aws_iam_policy.consumer",
  ProducerPolicyAttachment: "aws_iam_role_policy_attachment.producer",
  ConsumerPolicyAttachment: "aws_iam_role_policy_attachment.consumer",
} as const;

const ref = (address: string, attribute: string) => `\${${address}.${attribute}}`;
const BUCKET_ARN = ref(MODULE_ADDRESSES.PayloadBucket, "arn");
const QUEUE_ARN = ref(MODULE_ADDRESSES.Queue, "arn");
const DLQ_ARN = ref(MODULE_ADDRESSES.DeadLetterQueue, "arn");
const KEY_ARN = "${local.kms_key_arn}";

const resource = (address: string, body: BodyItem[]) => {
  const [type, name] = address.split(".");
  return block("resource", [type, name], body);
};
const data = (address: string) => {
  const [, type, name] = address.split(".");
  return block("data", [type, name], []);
};
/** Policy documents are plain JSON data; references inside them are `${...}` strings. */
type Json = PolicyDocument | PolicyStatement | PolicyStatement[] | Record<string, unknown>;
/** Plain JSON data is a valid HclValue; the policy interfaces only lack index signatures. */
const asHcl = (value: Json | HclValue): HclValue => value as HclValue;
/** Every expression below sits on an attribute line inside a top-level block, one indent deep. */
const render = (value: Json | HclValue) => renderValue(asHcl(value), 1);
const jsonencode = (value: Json | HclValue) => expr(`jsonencode(${render(value)})`);

const POLICY_INPUTS: IdentityPolicyTemplateInputs = {
  region: "${local.region}",
  bucketArn: BUCKET_ARN,
  payloadPrefix: "${var.payload_prefix}",
  queueArn: QUEUE_ARN,
  keyArn: KEY_ARN,
  versioning: { expression: "var.versioning" },
  deleteOnConsume: { expression: "var.delete_on_consume" },
  expireConsumedPayloads: { expression: "var.expire_consumed_payloads" },
};

/**
 * A policy template as locals: the document as `jsonencode(...)`, and when statements hang on toggles, a
 * `<name>_statements` local that joins them with `concat` and conditionals.
 */
function policyLocals(name: string, template: PolicyTemplate): BodyItem[] {
  if (!template.Statement.some(isConditional)) return [attr(name, jsonencode(template as PolicyDocument))];
  const groups: string[] = [];
  let fixed: PolicyStatement[] = [];
  const flush = () => {
    if (fixed.length > 0) groups.push(renderValue(asHcl(fixed), 2));
    fixed = [];
  };
  for (const entry of template.Statement) {
    if (isConditional(entry)) {
      flush();
      groups.push(`${entry.when.expression} ? ${renderValue(asHcl([...entry.statements]), 2)} : []`);
    } else {
      fixed.push(entry);
    }
  }
  flush();
  return [
    // One argument per line, at the indent `terraform fmt` gives arguments of a multi-line call.
    attr(`${name}_statements`, expr(`concat(\n${groups.map((g) => `    ${g},`).join("\n")}\n  )`)),
    attr(name, jsonencode({ Version: template.Version, Statement: expr(`local.${name}_statements`) })),
  ];
}

function requiredKeyStatements(): PolicyStatement[] {
  return buildRequiredKeyPolicyStatements({
    region: "${local.region}",
    bucketArn: BUCKET_ARN,
    payloadPrefix: "${var.payload_prefix}",
    producerPrincipals: "${local.producer_principals}",
    consumerPrincipals: "${local.consumer_principals}",
  });
}

const rolePrincipals = (variable: string) =>
  expr(
    `length(var.${variable}) > 0 ? [for role in var.${variable} : "${rolePrincipalArn("${local.partition}", "${local.account_id}", "${role}")}"] : ["${accountRootArn("${local.partition}", "${local.account_id}")}"]`,
  );

export function localsBlock(): BodyItem {
  const keyPolicy = keyPolicyTemplate(
    { partition: "${local.partition}", accountId: "${local.account_id}", administratorArns: "${local.key_administrator_arns}" },
    { expression: "length(local.key_administrator_arns) > 0" },
  );
  return block(
    "locals",
    [],
    [
      attr("partition", expr("data.aws_partition.current.partition")),
      attr("account_id", expr("data.aws_caller_identity.current.account_id")),
      attr("region", expr("data.aws_region.current.region")),
      blank,
      attr("create_kms_key", expr("var.create_kms_key != null ? var.create_kms_key : var.kms_key_arn == null")),
      attr("kms_key_arn", expr("local.create_kms_key ? aws_kms_key.this[0].arn : var.kms_key_arn")),
      attr(
        "key_deletion_window_in_days",
        expr(`coalesce(var.key_deletion_window_in_days, ${CLAIM_CHECK_DEFAULTS.keyDeletionWindowInDays})`),
      ),
      attr("key_administrator_arns", expr("coalesce(var.key_administrator_arns, [])")),
      attr(
        "noncurrent_version_expiration_days",
        expr(`coalesce(var.noncurrent_version_expiration_days, ${CLAIM_CHECK_DEFAULTS.noncurrentVersionExpirationDays})`),
      ),
      blank,
      attr(
        "bucket_name",
        expr(`coalesce(var.bucket_name, "${defaultBucketName("${var.name}", "${local.account_id}", "${local.region}")}")`),
      ),
      attr("queue_suffix", expr(`var.fifo ? ${quote(FIFO_SUFFIX)} : ""`)),
      attr("minimum_payload_expiration_days", expr(MINIMUM_EXPIRATION_DAYS_EXPRESSION)),
      attr("payload_expiration_days", expr("coalesce(var.payload_expiration_days, local.minimum_payload_expiration_days)")),
      blank,
      attr(
        "tags",
        expr(
          `merge(var.tags, { Environment = var.environment, ManagedBy = ${quote(MANAGED_BY_TAG_VALUE)}, Pattern = ${quote(PATTERN_TAG_VALUE)} })`,
        ),
      ),
      blank,
      ...policyLocals("key_policy", keyPolicy),
      attr("bucket_policy", jsonencode(buildBucketPolicy({ bucketArn: BUCKET_ARN, keyArn: KEY_ARN }))),
      attr("queue_policy", jsonencode(buildQueuePolicy(QUEUE_ARN))),
      attr("dlq_policy", jsonencode(buildQueuePolicy(DLQ_ARN))),
      attr("producer_policy", jsonencode(buildProducerPolicy(POLICY_INPUTS))),
      ...policyLocals("consumer_policy", consumerPolicyTemplate(POLICY_INPUTS)),
      blank,
      attr("producer_principals", rolePrincipals("producer_role_names")),
      attr("consumer_principals", rolePrincipals("consumer_role_names")),
      attr("required_kms_key_policy_statements", expr(`local.create_kms_key ? "[]" : jsonencode(${render(requiredKeyStatements())})`)),
    ],
  );
}

const queue = (address: string, body: BodyItem[]) =>
  resource(address, [
    ...body,
    attr("fifo_queue", expr("var.fifo ? true : null")),
    attr("content_based_deduplication", expr("var.fifo ? var.content_based_deduplication : null")),
    attr("max_message_size", expr("var.max_message_size")),
    attr("receive_wait_time_seconds", expr("var.receive_wait_time_seconds")),
    attr("visibility_timeout_seconds", expr("var.visibility_timeout_seconds")),
    attr("kms_master_key_id", expr("local.kms_key_arn")),
    attr("kms_data_key_reuse_period_seconds", expr("var.kms_data_key_reuse_period_seconds")),
    blank,
    attr("tags", expr("local.tags")),
  ]);

const attachments = (address: string, variable: string, policy: string) =>
  resource(address, [
    attr("for_each", expr(`toset(var.${variable})`)),
    blank,
    // A name may carry the role's path (service-role/orders-api); the attachment takes the name alone.
    attr("role", expr("basename(each.value)")),
    attr("policy_arn", expr(`${policy}.arn`)),
  ]);

const bucketId = attr("bucket", expr(`${MODULE_ADDRESSES.PayloadBucket}.id`));

/** The spec's lifecycle rules with HCL values: a rule on a toggle is a `dynamic "rule"` over its id. */
function lifecycleRuleBlocks(): BodyItem[] {
  const specs = payloadLifecycleRules<Expr>({
    payloadPrefix: expr("var.payload_prefix"),
    abortIncompleteMultipartUploadDays: expr("var.abort_incomplete_multipart_upload_days"),
    payloadExpirationDays: expr("local.payload_expiration_days"),
    noncurrentVersionExpirationDays: expr("local.noncurrent_version_expiration_days"),
    versioning: { expression: "var.versioning" },
    expireConsumedPayloads: { expression: "var.expire_consumed_payloads" },
  });
  const blocks = specs.map((spec) => {
    if (spec.when === false) return undefined;
    const body = lifecycleRuleBody(spec);
    if (spec.when === true) return block("rule", [], [attr("id", spec.id), ...body]);
    return block(
      "dynamic",
      ["rule"],
      [
        attr("for_each", expr(`${spec.when.expression} ? [${quote(spec.id)}] : []`)),
        blank,
        block("content", [], [attr("id", expr("rule.value")), ...body]),
      ],
    );
  });
  return blocks.filter((b): b is BodyItem => b !== undefined).flatMap((b) => [b, blank]);
}

function lifecycleRuleBody(spec: LifecycleRuleSpec<Expr>): BodyItem[] {
  const { filter } = spec;
  const filterBody: BodyItem[] =
    filter === "everything"
      ? []
      : filter.tags
        ? [block("and", [], [attr("prefix", filter.prefix), attr("tags", filter.tags)])]
        : [attr("prefix", filter.prefix)];
  const body: BodyItem[] = [attr("status", "Enabled"), blank, block("filter", [], filterBody)];
  if (spec.abortIncompleteMultipartUploadDays !== undefined)
    body.push(
      blank,
      block("abort_incomplete_multipart_upload", [], [attr("days_after_initiation", spec.abortIncompleteMultipartUploadDays)]),
    );
  if (spec.expirationDays !== undefined) body.push(blank, block("expiration", [], [attr("days", spec.expirationDays)]));
  if (spec.expiredObjectDeleteMarker) body.push(blank, block("expiration", [], [attr("expired_object_delete_marker", true)]));
  const noncurrent = spec.noncurrentVersionExpiration;
  if (noncurrent !== undefined && noncurrent.when !== false) {
    const content = block("content", [], [attr("noncurrent_days", expr("noncurrent_version_expiration.value"))]);
    const forEach =
      noncurrent.when === true
        ? expr(`[${renderValue(noncurrent.days, 1)}]`)
        : expr(`${noncurrent.when.expression} ? [${renderValue(noncurrent.days, 1)}] : []`);
    body.push(blank, block("dynamic", ["noncurrent_version_expiration"], [attr("for_each", forEach), blank, content]));
  }
  return body;
}

/** How a copy of the module is rendered. */
export interface ModuleOptions {
  /**
   * Protect the bucket, the key and the queues with a literal `prevent_destroy = true`, as the construct's
   * `preventDestroy` does. Terraform only accepts a literal there, so it cannot be an input: the
   * published module has none, `npm run synth:hcl` renders a protected copy for such an environment.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** The resources the construct's `preventDestroy` protects. */
export const PROTECTED_ADDRESSES: readonly string[] = [
  MODULE_ADDRESSES.Key,
  MODULE_ADDRESSES.PayloadBucket,
  MODULE_ADDRESSES.DeadLetterQueue,
  MODULE_ADDRESSES.Queue,
];

const withPreventDestroy = (item: BodyItem): BodyItem =>
  item.kind === "block" && item.type === "resource" && PROTECTED_ADDRESSES.includes(item.labels.join("."))
    ? { ...item, body: [...item.body, blank, block("lifecycle", [], [attr("prevent_destroy", true)])] }
    : item;

/** main.tf: the same resources as the construct, with optional ones behind count/for_each. */
export function mainBlocks(options: ModuleOptions = {}): BodyItem[] {
  const blocks = unprotectedBlocks();
  return options.preventDestroy ? blocks.map(withPreventDestroy) : blocks;
}

function unprotectedBlocks(): BodyItem[] {
  const A = MODULE_ADDRESSES;
  return [
    data(A.Partition),
    data(A.Account),
    data(A.Region),
    localsBlock(),
    resource(A.Key, [
      attr("count", expr("local.create_kms_key ? 1 : 0")),
      blank,
      attr("description", KEY_DESCRIPTION("${var.name}")),
      attr("enable_key_rotation", true),
      attr("deletion_window_in_days", expr("local.key_deletion_window_in_days")),
      attr("policy", expr("local.key_policy")),
      blank,
      attr("tags", expr("local.tags")),
    ]),
    resource(A.KeyAlias, [
      attr("count", expr("local.create_kms_key ? 1 : 0")),
      blank,
      attr("name", expr(`coalesce(var.key_alias, "${defaultKeyAlias("${var.name}")}")`)),
      attr("target_key_id", expr("aws_kms_key.this[0].key_id")),
    ]),
    resource(A.PayloadBucket, [
      attr("bucket", expr("local.bucket_name")),
      attr("force_destroy", expr("var.force_destroy")),
      blank,
      attr("tags", expr("local.tags")),
    ]),
    resource(A.PayloadBucketPublicAccessBlock, [
      bucketId,
      attr("block_public_acls", true),
      attr("block_public_policy", true),
      attr("ignore_public_acls", true),
      attr("restrict_public_buckets", true),
    ]),
    resource(A.PayloadBucketOwnershipControls, [bucketId, blank, block("rule", [], [attr("object_ownership", OBJECT_OWNERSHIP)])]),
    resource(A.PayloadBucketEncryption, [
      bucketId,
      blank,
      block(
        "rule",
        [],
        [
          attr("bucket_key_enabled", true),
          blank,
          block(
            "apply_server_side_encryption_by_default",
            [],
            [attr("sse_algorithm", "aws:kms"), attr("kms_master_key_id", expr("local.kms_key_arn"))],
          ),
        ],
      ),
    ]),
    resource(A.PayloadBucketVersioning, [
      bucketId,
      blank,
      block(
        "versioning_configuration",
        [],
        [attr("status", expr(`var.versioning ? ${quote(VERSIONING_STATUS.on)} : ${quote(VERSIONING_STATUS.off)}`))],
      ),
    ]),
    resource(A.PayloadBucketLifecycle, [
      bucketId,
      blank,
      ...lifecycleRuleBlocks(),
      attr("depends_on", expr(`[${A.PayloadBucketVersioning}]`)),
    ]),
    resource(A.PayloadBucketPolicy, [
      bucketId,
      attr("policy", expr("local.bucket_policy")),
      blank,
      // Applying the policy while the public access block is being written can fail with a 409.
      attr("depends_on", expr(`[${A.PayloadBucketPublicAccessBlock}]`)),
    ]),
    resource(A.PayloadBucketLogging, [
      attr("count", expr("var.access_log_bucket_name == null ? 0 : 1")),
      blank,
      bucketId,
      attr("target_bucket", expr("var.access_log_bucket_name")),
      attr("target_prefix", expr(`coalesce(var.access_log_prefix, "${defaultAccessLogPrefix("${local.bucket_name}")}")`)),
    ]),
    queue(A.DeadLetterQueue, [
      attr("name", `${deadLetterQueueBaseName("${var.name}")}\${local.queue_suffix}`),
      attr("message_retention_seconds", expr("var.dlq_message_retention_seconds")),
    ]),
    queue(A.Queue, [
      attr("name", `${claimQueueBaseName("${var.name}")}\${local.queue_suffix}`),
      attr("message_retention_seconds", expr("var.message_retention_seconds")),
      attr("delay_seconds", expr("var.delay_seconds")),
      attr("redrive_policy", jsonencode(redrivePolicy(expr(`${A.DeadLetterQueue}.arn`), expr("var.max_receive_count")))),
    ]),
    resource(A.DeadLetterQueueRedriveAllowPolicy, [
      attr("queue_url", expr(`${A.DeadLetterQueue}.url`)),
      attr("redrive_allow_policy", jsonencode(redriveAllowPolicy(expr(`${A.Queue}.arn`)))),
    ]),
    resource(A.QueuePolicy, [attr("queue_url", expr(`${A.Queue}.url`)), attr("policy", expr("local.queue_policy"))]),
    resource(A.DeadLetterQueuePolicy, [attr("queue_url", expr(`${A.DeadLetterQueue}.url`)), attr("policy", expr("local.dlq_policy"))]),
    resource(A.ProducerPolicy, [
      attr("name", accessPolicyName("${var.name}", "Producer")),
      attr("description", accessPolicyDescription("${var.name}", "Producer")),
      attr("policy", expr("local.producer_policy")),
      blank,
      attr("tags", expr("local.tags")),
    ]),
    resource(A.ConsumerPolicy, [
      attr("name", accessPolicyName("${var.name}", "Consumer")),
      attr("description", accessPolicyDescription("${var.name}", "Consumer")),
      attr("policy", expr("local.consumer_policy")),
      blank,
      attr("tags", expr("local.tags")),
    ]),
    attachments(A.ProducerPolicyAttachment, "producer_role_names", A.ProducerPolicy),
    attachments(A.ConsumerPolicyAttachment, "consumer_role_names", A.ConsumerPolicy),
  ];
}

/** Addresses of the resources that `count` makes optional: one instance, `[0]`, when present. */
export function countedAddresses(): Set<string> {
  const counted = mainBlocks().filter(
    (item) => item.kind === "block" && item.type === "resource" && item.body.some((b) => b.kind === "attribute" && b.name === "count"),
  );
  return new Set(counted.map((item) => (item.kind === "block" ? item.labels.join(".") : "")));
}

/** Output values in every mode: null where a mode has no such thing. */
export const OUTPUT_VALUES: Record<OutputName, string> = {
  bucket_name: "aws_s3_bucket.this.bucket",
  bucket_arn: "aws_s3_bucket.this.arn",
  payload_prefix: "var.payload_prefix",
  queue_url: "aws_sqs_queue.this.url",
  queue_arn: "aws_sqs_queue.this.arn",
  dlq_url: "aws_sqs_queue.dlq.url",
  dlq_arn: "aws_sqs_queue.dlq.arn",
  max_message_size: "var.max_message_size",
  payload_expiration_days: "local.payload_expiration_days",
  kms_key_arn: "local.kms_key_arn",
  kms_key_alias: "try(aws_kms_alias.this[0].name, null)",
  producer_policy_arn: "aws_iam_policy.producer.arn",
  consumer_policy_arn: "aws_iam_policy.consumer.arn",
  producer_policy_json: "local.producer_policy",
  consumer_policy_json: "local.consumer_policy",
  required_kms_key_policy_statements: "local.required_kms_key_policy_statements",
};

export function outputBlocks(): BodyItem[] {
  return OUTPUT_NAMES.map((name) =>
    block("output", [name], [attr("description", OUTPUT_DESCRIPTIONS[name]), attr("value", expr(OUTPUT_VALUES[name]))]),
  );
}
