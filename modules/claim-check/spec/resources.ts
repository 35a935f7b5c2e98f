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

/** The created key's alias when `keyAlias` is unset. */
export const defaultKeyAlias = (name: string): string => `alias/${name}`;

/** The payload bucket's versioning status: suspended (not never-enabled) when off, so turning it off later plans cleanly. */
export const VERSIONING_STATUS = Object.freeze({ on: "Enabled", off: "Suspended" });
export const versioningStatus = (versioning: boolean): string => (versioning ? VERSIONING_STATUS.on : VERSIONING_STATUS.off);

/** ACLs disabled: the bucket owner owns every object (CKV2_AWS_65). */
export const OBJECT_OWNERSHIP = "BucketOwnerEnforced";

/** Where access logs go in the log bucket when `accessLogPrefix` is unset. */
export const defaultAccessLogPrefix = (bucketName: string): string => `${bucketName}/`;

/** The dead-letter queue accepts failed claims from the claim queue only. */
export const redriveAllowPolicy = <Arn>(sourceQueueArn: Arn) => ({ redrivePermission: "byQueue", sourceQueueArns: [sourceQueueArn] });

/** The claim queue's redrive policy; maxReceiveCount is an integer in the JSON, as the provider documents. */
export const redrivePolicy = <Arn, Count>(deadLetterQueueArn: Arn, maxReceiveCount: Count) => ({
  deadLetterTargetArn: deadLetterQueueArn,
  maxReceiveCount,
});
