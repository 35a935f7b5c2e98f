import { CONSUMER_KMS_ACTIONS, PRODUCER_KMS_ACTIONS } from "./identity-policies";
import { KeyUseInputs, keyUseStatements } from "./key-use";
import { PolicyDocument, PolicyStatement, PolicyTemplate, resolveTemplate, Toggle, when } from "./policy-document";

/**
 * What a named key administrator may do: manage the key's life, rotation, aliases and grants' revocation.
 * Written out (no `kms:Create*`/`kms:Put*` wildcards), so neither `kms:CreateGrant` nor `kms:PutKeyPolicy`
 * (each a way to grant oneself Decrypt) nor any data-plane action is among them. No `kms:TagResource` or
 * `kms:UntagResource` either: where KMS access is granted by tags (ABAC), retagging the key grants access.
 * The key policy grants administrators no data access; their own IAM policies still can, because the
 * account root keeps `kms:*` (the AWS default that lets IAM policies take effect).
 */
export const KEY_ADMINISTRATOR_ACTIONS = [
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:ListKeyPolicies",
  "kms:ListResourceTags",
  "kms:ListGrants",
  "kms:RevokeGrant",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:GetKeyRotationStatus",
  "kms:ListKeyRotations",
  "kms:EnableKeyRotation",
  "kms:DisableKeyRotation",
  "kms:RotateKeyOnDemand",
  "kms:UpdateKeyDescription",
  "kms:CreateAlias",
  "kms:UpdateAlias",
  "kms:DeleteAlias",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];

export interface KeyPolicyInputs {
  readonly partition: string;
  readonly accountId: string;
  /** The administrators' ARNs, or an interpolation that yields the list (the Registry module's local). */
  readonly administratorArns: readonly string[] | string;
}

export const accountRootArn = (partition: string, accountId: string): string => `arn:${partition}:iam::${accountId}:root`;

/**
 * Policy of a key the module creates. The account root keeps full access (the AWS default statement),
 * which lets the producer and consumer IAM policies take effect and keeps the key from being locked out.
 * Named administrators get the administration actions only, when there are any (`hasAdministrators`).
 */
export function keyPolicyTemplate(inputs: KeyPolicyInputs, hasAdministrators: Toggle): PolicyTemplate {
  const { partition, accountId, administratorArns } = inputs;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EnableIamPoliciesOfTheAccount",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: "kms:*",
        Resource: "*",
      },
      ...when(hasAdministrators, {
        Sid: "AllowKeyAdministration",
        Effect: "Allow",
        Principal: { AWS: typeof administratorArns === "string" ? administratorArns : [...administratorArns] },
        Action: KEY_ADMINISTRATOR_ACTIONS,
        Resource: "*",
      }),
    ],
  };
}

export function buildKeyPolicy(inputs: KeyPolicyInputs & { readonly administratorArns: readonly string[] }): PolicyDocument {
  return resolveTemplate(keyPolicyTemplate(inputs, inputs.administratorArns.length > 0));
}

export interface RequiredKeyStatementsInputs extends KeyUseInputs {
  /** Principals of the producer roles, or the account root when no role is named (or an interpolation of that list). */
  readonly producerPrincipals: readonly string[] | string;
  readonly consumerPrincipals: readonly string[] | string;
}

/**
 * Statements the owner of an existing key must add to its key policy (the module never edits a key it
 * does not own). A key policy grants on its own within the account, so these carry the same conditions
 * as the identity policies: use only through S3 for this bucket's payloads, and through SQS, in the
 * stack's region.
 */
const listOrExpression = (value: readonly string[] | string): string | string[] => (typeof value === "string" ? value : [...value]);

export function buildRequiredKeyPolicyStatements(inputs: RequiredKeyStatementsInputs): PolicyStatement[] {
  return [
    ...keyUseStatements("ClaimCheckProducers", PRODUCER_KMS_ACTIONS, inputs, {
      resource: "*",
      principal: { AWS: listOrExpression(inputs.producerPrincipals) },
    }),
    ...keyUseStatements("ClaimCheckConsumers", CONSUMER_KMS_ACTIONS, inputs, {
      resource: "*",
      principal: { AWS: listOrExpression(inputs.consumerPrincipals) },
    }),
  ];
}
