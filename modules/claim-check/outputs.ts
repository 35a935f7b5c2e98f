import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { ClaimCheck } from "./claim-check";
import { renderPolicy } from "./policies";

interface OutputSpec {
  readonly value: unknown;
  readonly description: string;
}

/** Output names and descriptions: a public interface shared by the construct and the Registry module. */
export const OUTPUT_DESCRIPTIONS = {
  bucket_name: "Name of the payload bucket",
  bucket_arn: "ARN of the payload bucket",
  payload_prefix: "Key prefix under which producers write payloads",
  queue_url: "URL of the claim queue",
  queue_arn: "ARN of the claim queue",
  dlq_url: "URL of the dead-letter queue",
  dlq_arn: "ARN of the dead-letter queue",
  max_message_size: "Largest claim message the queue accepts, in bytes",
  payload_expiration_days: "Days after which payloads expire",
  kms_key_arn: "ARN of the KMS key that encrypts payloads and claims",
  kms_key_alias: "Alias of the created KMS key (null when an existing key is used)",
  producer_policy_arn: "ARN of the producer IAM policy",
  consumer_policy_arn: "ARN of the consumer IAM policy",
  producer_policy_json: "The producer IAM policy document",
  consumer_policy_json: "The consumer IAM policy document",
  required_kms_key_policy_statements: "Statements the owner of an existing KMS key must add to its key policy ([] for a created key)",
} as const;

export type OutputName = keyof typeof OUTPUT_DESCRIPTIONS;

/** Output names are a public interface (clients read them from `terraform output -json`). */
export function claimCheckOutputs(claimCheck: ClaimCheck): Record<OutputName, OutputSpec> {
  const values: Record<OutputName, unknown> = {
    bucket_name: claimCheck.bucket.bucket,
    bucket_arn: claimCheck.bucket.arn,
    payload_prefix: claimCheck.payloadPrefix,
    queue_url: claimCheck.queue.url,
    queue_arn: claimCheck.queue.arn,
    dlq_url: claimCheck.deadLetterQueue.url,
    dlq_arn: claimCheck.deadLetterQueue.arn,
    max_message_size: claimCheck.settings.maxMessageSize,
    payload_expiration_days: claimCheck.payloadExpirationDays,
    kms_key_arn: claimCheck.keyArn,
    kms_key_alias: claimCheck.keyAlias?.name ?? Token.nullValue(),
    producer_policy_arn: claimCheck.producerPolicy.arn,
    consumer_policy_arn: claimCheck.consumerPolicy.arn,
    producer_policy_json: renderPolicy(claimCheck.producerPolicyDocument),
    consumer_policy_json: renderPolicy(claimCheck.consumerPolicyDocument),
    required_kms_key_policy_statements: JSON.stringify(claimCheck.requiredKeyPolicyStatements),
  };
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, { value, description: OUTPUT_DESCRIPTIONS[name as OutputName] }]),
  ) as Record<OutputName, OutputSpec>;
}

/** Declares the construct's outputs on its stack, under stable snake_case names. */
export function addClaimCheckOutputs(scope: Construct, claimCheck: ClaimCheck): TerraformOutput[] {
  return Object.entries(claimCheckOutputs(claimCheck)).map(([name, spec]) => {
    const output = new TerraformOutput(scope, name, { value: spec.value, description: spec.description });
    output.overrideLogicalId(name);
    return output;
  });
}
