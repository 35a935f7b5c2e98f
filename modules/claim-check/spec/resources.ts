/**
 * Facts about the claim check's resources that both renderers write: the construct (with known values)
 * and the Registry module's generator (with HCL interpolations such as `${var.name}` as the inputs).
 * Each lives here once; the resource-parity test proves the two renderings agree.
 */

/** The created key's description. */
export const KEY_DESCRIPTION = (name: string): string => `Encrypts claim-check payloads and claims of ${name}`;

/** The two access policies the module creates. */
export type AccessRole = "Producer" | "Consumer";
export const accessPolicyName = (name: string, role: AccessRole): string => `${name}-${role.toLowerCase()}`;
export const accessPolicyDescription = (name: string, role: AccessRole): string =>
  `Least-privilege ${role.toLowerCase()} access to the ${name} claim check`;

/**
 * A role's principal ARN from its name, which may carry the role's path (`service-role/orders-api`): the
 * ARN holds the path, `arn:<partition>:iam::<account>:role/service-role/orders-api`.
 */
export const rolePrincipalArn = (partition: string, accountId: string, roleName: string): string =>
  `arn:${partition}:iam::${accountId}:role/${roleName}`;

/** The name without its path: what aws_iam_role_policy_attachment's `role` takes. */
export const roleNameWithoutPath = (roleName: string): string => roleName.slice(roleName.lastIndexOf("/") + 1);
