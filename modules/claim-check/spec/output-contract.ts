/**
 * The output contract: every output's name, description and type. One pure file read by the CDKTF
 * construct, the Registry module generator and the client's config reader (`client/config.ts`).
 * Names are a public interface: `terraform output -json` consumers read them.
 */
export const OUTPUT_CONTRACT = {
  bucket_name: { description: "Name of the payload bucket", type: "string" },
  bucket_arn: { description: "ARN of the payload bucket", type: "string" },
  payload_prefix: { description: "Key prefix under which producers write payloads", type: "string" },
  queue_url: { description: "URL of the claim queue", type: "string" },
  queue_arn: { description: "ARN of the claim queue", type: "string" },
  dlq_url: { description: "URL of the dead-letter queue", type: "string" },
  dlq_arn: { description: "ARN of the dead-letter queue", type: "string" },
  max_message_size: { description: "Largest claim message the queue accepts, in bytes", type: "number" },
  payload_expiration_days: { description: "Days after which payloads expire", type: "number" },
  kms_key_arn: { description: "ARN of the KMS key that encrypts payloads and claims", type: "string" },
  kms_key_alias: { description: "Alias of the created KMS key (null when an existing key is used)", type: "string" },
  producer_policy_arn: { description: "ARN of the producer IAM policy", type: "string" },
  consumer_policy_arn: { description: "ARN of the consumer IAM policy", type: "string" },
  producer_policy_json: { description: "The producer IAM policy document", type: "string" },
  consumer_policy_json: { description: "The consumer IAM policy document", type: "string" },
  required_kms_key_policy_statements: {
    description: "Statements the owner of an existing KMS key must add to its key policy ([] for a created key)",
    type: "string",
  },
} as const satisfies Record<string, { readonly description: string; readonly type: "string" | "number" }>;

export type OutputName = keyof typeof OUTPUT_CONTRACT;

export const OUTPUT_NAMES = Object.keys(OUTPUT_CONTRACT) as OutputName[];

/** The outputs a client needs to produce and consume claims (read by `client/config.ts`). */
export const CLIENT_OUTPUTS = [
  "bucket_name",
  "payload_prefix",
  "queue_url",
  "kms_key_arn",
  "max_message_size",
] as const satisfies readonly OutputName[];

/** Output names and descriptions, as the construct and the Registry module print them. */
export const OUTPUT_DESCRIPTIONS = Object.fromEntries(OUTPUT_NAMES.map((name) => [name, OUTPUT_CONTRACT[name].description])) as {
  readonly [N in OutputName]: (typeof OUTPUT_CONTRACT)[N]["description"];
};
