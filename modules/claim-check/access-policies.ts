import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { PolicyDocument, renderPolicy } from "./spec";

export interface AccessPolicyInputs {
  /** "Producer" or "Consumer": the construct id prefix and the policy's role in its name. */
  readonly role: "Producer" | "Consumer";
  readonly name: string;
  readonly document: PolicyDocument;
  readonly attachToRoleNames: readonly string[];
}

/** A managed IAM policy holding the finished document, attached to each named role. */
export function createAccessPolicy(scope: Construct, inputs: AccessPolicyInputs): IamPolicy {
  const policy = new IamPolicy(scope, `${inputs.role}Policy`, {
    name: `${inputs.name}-${inputs.role.toLowerCase()}`,
    description: `Least-privilege ${inputs.role.toLowerCase()} access to the ${inputs.name} claim check`,
    policy: renderPolicy(inputs.document),
  });
  for (const roleName of inputs.attachToRoleNames) {
    // Keyed by role name, so adding or removing one role never re-creates the others' attachments.
    new IamRolePolicyAttachment(scope, `${inputs.role}PolicyAttachment-${roleName}`, {
      role: roleName,
      policyArn: policy.arn,
    });
  }
  return policy;
}
