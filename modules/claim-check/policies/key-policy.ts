import { policyDocument, PolicyDocument, PolicyStatement, viaService } from "./policy-document";

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

export interface RequiredKeyStatementsInputs {
  readonly region: string;
  /** Principals of the producer roles, or the account root when no role is named. */
  readonly producerPrincipals: readonly string[];
  readonly consumerPrincipals: readonly string[];
}

/**
 * Statements the owner of an existing key must add to its key policy (the module never edits a key it
 * does not own). They allow use only through S3 and SQS in the stack's region.
 */
export function buildRequiredKeyPolicyStatements(inputs: RequiredKeyStatementsInputs): PolicyStatement[] {
  const services = [viaService("s3", inputs.region), viaService("sqs", inputs.region)];
  return [
    {
      Sid: "AllowClaimCheckProducers",
      Effect: "Allow",
      Principal: { AWS: [...inputs.producerPrincipals] },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": services } },
    },
    {
      Sid: "AllowClaimCheckConsumers",
      Effect: "Allow",
      Principal: { AWS: [...inputs.consumerPrincipals] },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": services } },
    },
  ];
}
