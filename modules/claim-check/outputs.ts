import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { ClaimCheck } from "./claim-check";
import { renderPolicy } from "./spec";
import { OUTPUT_DESCRIPTIONS, type OutputName } from "./spec/output-contract";

interface OutputSpec {
  readonly value: unknown;
  readonly description: string;
}

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
