import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { ClaimCheck } from "./claim-check";
import { renderPolicy } from "./policies";

interface OutputSpec {
  readonly value: unknown;
  readonly description: string;
}

/** Output names are a public interface (clients read them from `terraform output -json`). */
export function claimCheckOutputs(claimCheck: ClaimCheck): Record<string, OutputSpec> {
  return {
    bucket_name: { value: claimCheck.bucket.bucket, description: "Name of the payload bucket" },
    bucket_arn: { value: claimCheck.bucket.arn, description: "ARN of the payload bucket" },
    payload_prefix: { value: claimCheck.payloadPrefix, description: "Key prefix under which producers write payloads" },
    queue_url: { value: claimCheck.queue.url, description: "URL of the claim queue" },
    queue_arn: { value: claimCheck.queue.arn, description: "ARN of the claim queue" },
    dlq_url: { value: claimCheck.deadLetterQueue.url, description: "URL of the dead-letter queue" },
    dlq_arn: { value: claimCheck.deadLetterQueue.arn, description: "ARN of the dead-letter queue" },
    max_message_size: { value: claimCheck.settings.maxMessageSize, description: "Largest claim message the queue accepts, in bytes" },
    payload_expiration_days: { value: claimCheck.payloadExpirationDays, description: "Days after which payloads expire" },
    kms_key_arn: { value: claimCheck.keyArn, description: "ARN of the KMS key that encrypts payloads and claims" },
    kms_key_alias: {
      value: claimCheck.keyAlias?.name ?? Token.nullValue(),
      description: "Alias of the created KMS key (null when an existing key is used)",
    },
    producer_policy_arn: { value: claimCheck.producerPolicy.arn, description: "ARN of the producer IAM policy" },
    consumer_policy_arn: { value: claimCheck.consumerPolicy.arn, description: "ARN of the consumer IAM policy" },
    producer_policy_json: {
      value: renderPolicy(claimCheck.producerPolicyDocument),
      description: "The producer IAM policy document",
    },
    consumer_policy_json: {
      value: renderPolicy(claimCheck.consumerPolicyDocument),
      description: "The consumer IAM policy document",
    },
    required_kms_key_policy_statements: {
      value: JSON.stringify(claimCheck.requiredKeyPolicyStatements),
      description: "Statements the owner of an existing KMS key must add to its key policy ([] for a created key)",
    },
  };
}

/** Declares the construct's outputs on its stack, under stable snake_case names. */
export function addClaimCheckOutputs(scope: Construct, claimCheck: ClaimCheck): TerraformOutput[] {
  return Object.entries(claimCheckOutputs(claimCheck)).map(([name, spec]) => {
    const output = new TerraformOutput(scope, name, { value: spec.value, description: spec.description });
    output.overrideLogicalId(name);
    return output;
  });
}
