import { policyDocument, PolicyDocument, PolicyStatement } from "./policy-document";

/** Denies every request to the queue that is not over TLS. */
export const denyInsecureQueueTransport = (queueArn: string): PolicyStatement => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "sqs:*",
  Resource: queueArn,
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

/**
 * Queue policy for the main queue and the DLQ: deny every request that is not over TLS.
 * The action is "sqs:*", never "*" (Checkov CKV_AWS_72 reads the first statement's action).
 */
export function buildQueuePolicy(queueArn: string): PolicyDocument {
  return policyDocument([denyInsecureQueueTransport(queueArn)]);
}
