import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { PolicyDocument, renderPolicy } from "./spec";

/** A role to grant access to: an `IamRole` of the same stack, or any object with the role's name. */
export interface RoleReference {
  /** The role's name: a literal or a reference such as `role.name`. */
  readonly name: string;
}

export interface AccessPolicyInputs {
  /** "Producer" or "Consumer": the construct id prefix and the policy's role in its name. */
  readonly role: "Producer" | "Consumer";
  readonly name: string;
  readonly document: PolicyDocument;
}

/**
 * A managed IAM policy holding the finished document, attached to roles with one `for_each` resource
 * keyed by role name: the Registry module's addresses (`...Attachment["orders-api"]`), so adding or
 * removing one role never re-creates the others' attachments, and role names may be references to
 * roles of the same stack (a construct id cannot hold a reference).
 */
export class AccessPolicy {
  public readonly policy: IamPolicy;
  private readonly roleNames: string[] = [];
  private attachment?: IamRolePolicyAttachment;

  constructor(
    private readonly scope: Construct,
    private readonly inputs: AccessPolicyInputs,
  ) {
    this.policy = new IamPolicy(scope, `${inputs.role}Policy`, {
      name: `${inputs.name}-${inputs.role.toLowerCase()}`,
      description: `Least-privilege ${inputs.role.toLowerCase()} access to the ${inputs.name} claim check`,
      policy: renderPolicy(inputs.document),
    });
  }

  /** Attaches the policy to a role; the attachment resource appears with the first role. */
  public attachTo(role: RoleReference): void {
    if (this.roleNames.includes(role.name)) return;
    this.roleNames.push(role.name);
    if (this.attachment) return;
    // The list is read at synth, so roles granted later are included.
    const roles = TerraformIterator.fromList(this.roleNames);
    this.attachment = new IamRolePolicyAttachment(this.scope, `${this.inputs.role}PolicyAttachment`, {
      forEach: roles,
      role: roles.value,
      policyArn: this.policy.arn,
    });
  }
}
