import { CONSUMER_KMS_ACTIONS, PRODUCER_KMS_ACTIONS } from "./identity-policies";
import { KeyUseInputs, keyUseStatements } from "./key-use";
import { policyDocument, PolicyDocument, PolicyStatement } from "./policy-document";

/** Management actions for named key administrators; no data-plane actions (Encrypt, Decrypt, ...). */
export const KEY_ADMINISTRATOR_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];

export interface KeyPolicyInputs {
  readonly partition: string;
  readonly accountId: string;
  readonly administratorArns: readonly string[];
}

export const accountRootArn = (partition: string, accountId: string): string =>
  `arn:${partition}:iam::${accountId}:root`;

/**
 * Policy of a key the module creates. The account root keeps full access (the AWS default statement),
 * which lets the producer and consumer IAM policies take effect and keeps the key from being locked out.
 */
export function buildKeyPolicy({ partition, accountId, administratorArns }: KeyPolicyInputs): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "EnableIamPoliciesOfTheAccount",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(partition, accountId) },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  if (administratorArns.length > 0) {
    statements.push({
      Sid: "AllowKeyAdministration",
      Effect: "Allow",
      Principal: { AWS: [...administratorArns] },
      Action: KEY_ADMINISTRATOR_ACTIONS,
      Resource: "*",
    });
  }
  return policyDocument(statements);
}

export interface RequiredKeyStatementsInputs extends KeyUseInputs {
  /** Principals of the producer roles, or the account root when no role is named. */
  readonly producerPrincipals: readonly string[];
  readonly consumerPrincipals: readonly string[];
}

/**
 * Statements the owner of an existing key must add to its key policy (the module never edits a key it
 * does not own). A key policy grants on its own within the account, so these carry the same conditions
 * as the identity policies: use only through S3 for this bucket's payloads, and through SQS, in the
 * stack's region.
 */
export function buildRequiredKeyPolicyStatements(inputs: RequiredKeyStatementsInputs): PolicyStatement[] {
  return [
    ...keyUseStatements("ClaimCheckProducers", PRODUCER_KMS_ACTIONS, inputs, {
      resource: "*",
      principal: { AWS: [...inputs.producerPrincipals] },
    }),
    ...keyUseStatements("ClaimCheckConsumers", CONSUMER_KMS_ACTIONS, inputs, {
      resource: "*",
      principal: { AWS: [...inputs.consumerPrincipals] },
    }),
  ];
}
