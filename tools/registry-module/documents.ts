import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUTPUT_DESCRIPTIONS } from "../../modules/claim-check/spec";
import { attr, blank, block, BodyItem, expr, renderFile, renderValue } from "./hcl";
import { REQUIRED_AWS_PROVIDER, REQUIRED_TERRAFORM, versionsBlock } from "./module";
import { UNSUPPORTED_PROPS, VariableSpec, variableName } from "./variables";

const ROOT = join(__dirname, "..", "..");
export const LICENSE_TEXT = readFileSync(join(ROOT, "LICENSE"), "utf8");
export const CHANGELOG = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");

export const REGISTRY_SOURCE = "claim-check/claim-check/aws";
const SAMPLE_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const outputsFile = (names: readonly string[]) =>
  renderFile(
    names.map((name) =>
      block("output", [name], [attr("description", OUTPUT_DESCRIPTIONS[name as keyof typeof OUTPUT_DESCRIPTIONS]), attr("value", expr(`module.claim_check.${name}`))]),
    ),
  );

const regionVariable = block("variable", ["region"], [
  attr("description", "Region to deploy the example into"),
  attr("type", expr("string")),
  attr("default", "eu-west-1"),
]);
const provider = block("provider", ["aws"], [attr("region", expr("var.region"))]);

/** Two examples that call the module with `source = "../../"` and nothing else. */
export function examples(): Record<string, string> {
  const complete = block("module", ["claim_check"], [
    attr("source", "../../"),
    blank,
    attr("name", "orders"),
    attr("environment", "prod"),
    attr("tags", { Team: "payments", CostCenter: "1234" }),
    blank,
    attr("versioning", true),
    attr("noncurrent_version_expiration_days", 30),
    attr("max_receive_count", 5),
    attr("visibility_timeout_seconds", 300),
    attr("key_deletion_window_in_days", 30),
    attr("producer_role_names", expr("[aws_iam_role.producer.name]")),
    attr("consumer_role_names", expr("[aws_iam_role.consumer.name]")),
  ]);
  const assumeRole = (service: string) =>
    expr(`jsonencode(${renderValue({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: service } }] }, 1)})`);
  const role = (name: string, service: string) =>
    block("resource", ["aws_iam_role", name], [attr("name", `orders-${name}`), attr("assume_role_policy", assumeRole(service))]);
  const existingKey = block("resource", ["aws_kms_key", "orders"], [
    attr("description", "Key owned by the security team, passed to the module"),
    attr("enable_key_rotation", true),
    attr("deletion_window_in_days", 30),
  ]);
  const withExistingKey = block("module", ["claim_check"], [
    attr("source", "../../"),
    blank,
    attr("name", "orders"),
    attr("environment", "prod"),
    attr("kms_key_arn", expr("aws_kms_key.orders.arn")),
    // The ARN is unknown until the key exists, so say explicitly that the module creates no key.
    attr("create_kms_key", false),
  ]);
  const outputs = Object.keys(OUTPUT_DESCRIPTIONS);
  return {
    "examples/complete/main.tf": renderFile([provider, role("producer", "lambda.amazonaws.com"), role("consumer", "lambda.amazonaws.com"), complete]),
    "examples/complete/variables.tf": renderFile([regionVariable]),
    "examples/complete/outputs.tf": outputsFile(outputs),
    "examples/complete/versions.tf": renderFile([versionsBlock()]),
    "examples/existing-kms-key/main.tf": renderFile([provider, existingKey, withExistingKey]),
    "examples/existing-kms-key/variables.tf": renderFile([regionVariable]),
    "examples/existing-kms-key/outputs.tf": outputsFile(["kms_key_arn", "kms_key_alias", "required_kms_key_policy_statements", "queue_url", "bucket_name"]),
    "examples/existing-kms-key/versions.tf": renderFile([versionsBlock()]),
  };
}

const check = (condition: string, errorMessage: string): BodyItem =>
  block("assert", [], [attr("condition", expr(condition)), attr("error_message", errorMessage)]);
const run = (name: string, variables: Record<string, unknown> | undefined, body: BodyItem[]): BodyItem =>
  block("run", [name], [
    attr("command", expr("plan")),
    ...(variables ? [blank, block("variables", [], Object.entries(variables).map(([k, v]) => attr(k, v as never)))] : []),
    blank,
    ...body,
  ]);

/** Mocked data sources make names and ARNs known at plan; no credentials, no network. */
const mockProvider = block("mock_provider", ["aws"], [
  block("mock_data", ["aws_caller_identity"], [attr("defaults", { account_id: "111122223333" })]),
  blank,
  block("mock_data", ["aws_region"], [attr("defaults", { region: "eu-west-1" })]),
  blank,
  block("mock_data", ["aws_partition"], [attr("defaults", { partition: "aws" })]),
]);
const testVariables = block("variables", [], [attr("name", "orders")]);

/** `terraform test` files that plan the module in its main modes with a mocked AWS provider. */
export function moduleTests(): Record<string, string> {
  const defaults = [
    mockProvider,
    testVariables,
    run("creates_a_key_and_secure_defaults", undefined, [
      check("length(aws_kms_key.this) == 1 && aws_kms_key.this[0].enable_key_rotation", "a rotating key is created"),
      check('aws_kms_alias.this[0].name == "alias/orders"', "the key gets alias/<name>"),
      check('aws_s3_bucket.this.bucket == "orders-payloads-111122223333-eu-west-1"', "the bucket name includes account and region"),
      check("!aws_s3_bucket.this.force_destroy", "force_destroy is off"),
      check(
        "aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets",
        "all public access is blocked",
      ),
      check('aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"', "versioning is on"),
      check("aws_s3_bucket_lifecycle_configuration.this.rule[1].expiration[0].days == 19", "payloads expire after 19 days"),
      check('aws_sqs_queue.this.name == "orders-claims" && aws_sqs_queue.dlq.name == "orders-claims-dlq"', "queue names"),
      check("aws_sqs_queue.this.max_message_size == 1048576", "the queue accepts 1 MiB claims"),
      check("aws_sqs_queue.this.receive_wait_time_seconds == 20", "long polling"),
      check("aws_sqs_queue.dlq.message_retention_seconds > aws_sqs_queue.this.message_retention_seconds", "the DLQ keeps claims longer"),
      check("length(aws_s3_bucket_logging.this) == 0", "no access logging without a log bucket"),
      check("output.required_kms_key_policy_statements == \"[]\"", "nothing is asked of a key owner"),
    ]),
    run("versioning_off", { versioning: false }, [
      check('aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Suspended"', "versioning is suspended"),
      check("length(aws_s3_bucket_lifecycle_configuration.this.rule) == 2", "no version rules"),
    ]),
    run("fifo", { fifo: true, content_based_deduplication: true }, [
      check('aws_sqs_queue.this.name == "orders-claims.fifo" && aws_sqs_queue.dlq.name == "orders-claims-dlq.fifo"', "FIFO names"),
      check("aws_sqs_queue.this.fifo_queue && aws_sqs_queue.dlq.fifo_queue", "both queues are FIFO"),
      check("aws_s3_bucket_lifecycle_configuration.this.rule[1].expiration[0].days == 23", "FIFO payloads live main + DLQ + redrive + margin"),
    ]),
    run("roles_and_logging", { producer_role_names: ["orders-api"], consumer_role_names: ["orders-worker"], access_log_bucket_name: "acme-logs" }, [
      check('aws_iam_role_policy_attachment.producer["orders-api"].role == "orders-api"', "the producer policy is attached"),
      check('aws_iam_role_policy_attachment.consumer["orders-worker"].role == "orders-worker"', "the consumer policy is attached"),
      check('aws_s3_bucket_logging.this[0].target_bucket == "acme-logs"', "access logging is on"),
    ]),
  ];
  const existingKey = [
    mockProvider,
    testVariables,
    run("uses_the_existing_key", { kms_key_arn: SAMPLE_KEY }, [
      check("length(aws_kms_key.this) == 0 && length(aws_kms_alias.this) == 0", "no key or alias is created"),
    ]),
    run("says_explicitly_that_it_brings_a_key", { kms_key_arn: SAMPLE_KEY, create_kms_key: false }, [
      check("length(aws_kms_key.this) == 0 && length(aws_kms_alias.this) == 0", "no key or alias is created"),
      check(`aws_sqs_queue.this.kms_master_key_id == "${SAMPLE_KEY}" && aws_sqs_queue.dlq.kms_master_key_id == "${SAMPLE_KEY}"`, "both queues use the given key"),
      check(
        `one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id == "${SAMPLE_KEY}"`,
        "the bucket uses the given key",
      ),
      check("output.kms_key_alias == null", "no alias"),
      check("output.kms_key_arn == var.kms_key_arn", "the key ARN is passed through"),
    ]),
  ];
  const expectFailure = (name: string, variables: Record<string, unknown>, variable: string) =>
    block("run", [name], [
      attr("command", expr("plan")),
      blank,
      block("variables", [], Object.entries(variables).map(([k, v]) => attr(k, v as never))),
      blank,
      attr("expect_failures", expr(`[var.${variable}]`)),
    ]);
  const validation = [
    mockProvider,
    testVariables,
    expectFailure("rejects_an_alias_as_key", { kms_key_arn: "alias/aws/sqs" }, "kms_key_arn"),
    expectFailure("rejects_key_settings_with_an_existing_key", { kms_key_arn: SAMPLE_KEY, key_deletion_window_in_days: 7 }, "key_deletion_window_in_days"),
    expectFailure("rejects_a_zero_max_receive_count", { max_receive_count: 0 }, "max_receive_count"),
    expectFailure("rejects_an_oversized_message_limit", { max_message_size: 1048577 }, "max_message_size"),
    expectFailure("rejects_a_dlq_that_expires_first", { message_retention_seconds: 86400, dlq_message_retention_seconds: 86400 }, "dlq_message_retention_seconds"),
    expectFailure("rejects_payloads_that_expire_before_their_claims", { payload_expiration_days: 18 }, "payload_expiration_days"),
    expectFailure("rejects_deduplication_without_fifo", { content_based_deduplication: true }, "content_based_deduplication"),
    expectFailure("rejects_a_dotted_bucket_name", { bucket_name: "my.bucket" }, "bucket_name"),
    expectFailure("rejects_create_kms_key_false_without_a_key", { create_kms_key: false }, "create_kms_key"),
  ];
  return {
    "tests/defaults.tftest.hcl": renderFile(defaults),
    "tests/existing_key.tftest.hcl": renderFile(existingKey),
    "tests/validation.tftest.hcl": renderFile(validation),
  };
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const shownDefault = (spec: VariableSpec) =>
  spec.default === undefined ? "n/a" : `\`${renderValue(spec.default, 0).replace(/\n\s*/g, " ")}\``;

/** The module README: usage, inputs and outputs generated from the definitions, defaults, security. */
export function moduleReadme(variables: readonly VariableSpec[]): string {
  const inputs = variables
    .map((v) => `| ${v.name} | ${cell(v.description)} | \`${v.type}\` | ${shownDefault(v)} | ${v.default === undefined ? "yes" : "no"} |`)
    .join("\n");
  const outputs = Object.entries(OUTPUT_DESCRIPTIONS)
    .map(([name, description]) => `| ${name} | ${cell(description)} |`)
    .join("\n");
  const unsupported = Object.entries(UNSUPPORTED_PROPS)
    .map(([prop, why]) => `- \`${variableName(prop)}\` is not an input: ${why}`)
    .join("\n");
  return `# terraform-aws-claim-check

The Claim Check pattern on AWS: producers put large or sensitive payloads in an SSE-KMS S3 bucket and send
a small claim to a KMS-encrypted SQS queue; consumers receive the claim, fetch the payload and clean up.

This module is generated from the CDKTF construct of the same project, so both give the same stack:
an S3 payload bucket (SSE-KMS, bucket key, all public access blocked, ACLs disabled, TLS-only, uploads
without the module's key denied, versioned, self-expiring), a claim queue and a dead-letter queue (both
encrypted with the customer-managed key, 1 MiB messages, long polling, redrive and redrive-allow
policies, TLS-only), a created or existing KMS key, and least-privilege producer and consumer policies.

## Usage

\`\`\`hcl
module "claim_check" {
  source  = "${REGISTRY_SOURCE}"
  version = "~> 0.1"

  name        = "orders"
  environment = "prod"

  producer_role_names = ["orders-api"]
  consumer_role_names = ["orders-worker"]
}
\`\`\`

With a key your security team owns (the module never modifies it; add the statements of the
\`required_kms_key_policy_statements\` output to its key policy):

\`\`\`hcl
module "claim_check" {
  source  = "${REGISTRY_SOURCE}"
  version = "~> 0.1"

  name        = "orders"
  kms_key_arn = "${SAMPLE_KEY}"
}
\`\`\`

When the key is created in the same configuration, its ARN is unknown until apply and Terraform cannot
decide \`count\` from it: also set \`create_kms_key = false\`, as [examples/existing-kms-key](examples/existing-kms-key) does.

See [examples/complete](examples/complete) and [examples/existing-kms-key](examples/existing-kms-key).

## Requirements

| Name | Version |
|---|---|
| terraform | \`${REQUIRED_TERRAFORM}\` (cross-variable validation) |
| aws (hashicorp/aws) | \`${REQUIRED_AWS_PROVIDER}\` (1 MiB \`max_message_size\`) |

The module has no provider block and no backend: configure both in the calling root module.

## Defaults and guarantees

- Payloads expire after \`delay + longest claim age + one redrive + 1 day\` (19 days with the defaults), so no
  claim outlives its payload; a shorter \`payload_expiration_days\` is rejected.
- Every input is validated at plan time with the same rules and messages as the construct, naming the
  variable and the value.
- IAM policies name exact actions on exact ARNs: the producer gets \`s3:PutObject\`, \`s3:AbortMultipartUpload\`,
  \`sqs:SendMessage\`, \`kms:GenerateDataKey\` and \`kms:Decrypt\`; the consumer gets \`sqs:ReceiveMessage\`,
  \`sqs:DeleteMessage\`, \`sqs:ChangeMessageVisibility\`, \`sqs:GetQueueAttributes\`, \`s3:GetObject\`
  (+ \`s3:GetObjectVersion\` when versioned, + \`s3:DeleteObject\` with \`delete_on_consume\`) and \`kms:Decrypt\`.
  KMS use is allowed only through S3 (for this bucket) and SQS in the region.
${unsupported}
- \`access_log_bucket_name\`, \`producer_role_names\` and \`consumer_role_names\` decide \`count\` and
  \`for_each\`, so they must be known at plan: literals, variables, or attributes set in configuration
  (\`aws_iam_role.x.name\`), not computed ones such as a new bucket's \`id\`.

## Security posture

Encryption at rest with one customer-managed key (never \`alias/aws/*\`), TLS-only bucket and queue
policies, all public access blocked, ACLs disabled, key rotation, explicit key policy, no wildcard
actions or resources in the IAM policies. The project's test suite checks each Checkov, Trivy and
Security Hub control that applies, and simulates the policies with an IAM policy simulator.

<!-- BEGIN_TF_DOCS -->
## Inputs

| Name | Description | Type | Default | Required |
|------|-------------|------|---------|:--------:|
${inputs}

## Outputs

| Name | Description |
|------|-------------|
${outputs}
<!-- END_TF_DOCS -->

## License

Apache-2.0. See [LICENSE](LICENSE).
`;
}
