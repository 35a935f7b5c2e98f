import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { AccessRole, accessPolicyDescription, accessPolicyName, PolicyDocument, renderPolicy, roleNameWithoutPath } from "./spec";

/** A role to grant access to: an `IamRole` of the same stack, or any object with the role's name. */
export interface RoleReference {
  /** The role's name: a literal or a reference such as `role.name`. */
  readonly name: string;
}

export interface AccessPolicyInputs {
  /** "Producer" or "Consumer": the construct id prefix and the policy's role in its name. */
  readonly role: AccessRole;
  readonly name: string;
  readonly document: PolicyDocument;
}

/**
 * A managed IAM policy holding the finished document, attached to roles with one `for_each` resource
 * keyed by a key known at synth, so `terraform plan` never meets an unknown `for_each` key: a literal role
 * name is its own key (the Registry module's address, `...Attachment["orders-api"]`), a reference gets the
 * static key its caller gives (the role construct's path, or the list index). Adding or removing one role
 * never re-creates the others' attachments.
 */
export class AccessPolicy {
  public readonly policy: IamPolicy;
  /** Role name (literal or reference) by attachment key, in the order granted. */
  private readonly roles: Record<string, string> = {};
  private attachment?: IamRolePolicyAttachment;

  constructor(
    private readonly scope: Construct,
    private readonly inputs: AccessPolicyInputs,
  ) {
    this.policy = new IamPolicy(scope, `${inputs.role}Policy`, {
      name: accessPolicyName(inputs.name, inputs.role),
      description: accessPolicyDescription(inputs.name, inputs.role),
      policy: renderPolicy(inputs.document),
    });
  }

  /**
   * Attaches the policy to a role; the attachment resource appears with the first role. `referenceKey` is
   * the key used when the name is a reference (unknown until apply); a literal name is always its own key.
   */
  public attachTo(roleName: string, referenceKey: string): void {
    const isReference = Token.isUnresolved(roleName);
    const key = isReference ? referenceKey : roleName;
    // A literal name may carry the role's path; the attachment takes the name alone.
    const value = isReference ? roleName : roleNameWithoutPath(roleName);
    if (key in this.roles || Object.values(this.roles).includes(value)) return;
    this.roles[key] = value;
    if (this.attachment) return;
    // The map is read at synth, so roles granted later are included.
    const roles = TerraformIterator.fromMap(this.roles);
    this.attachment = new IamRolePolicyAttachment(this.scope, `${this.inputs.role}PolicyAttachment`, {
      forEach: roles,
      role: roles.value,
      policyArn: this.policy.arn,
    });
  }
}
