import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { ResolvedClaimCheckProps } from "./spec";
import { buildKeyPolicy, renderPolicy } from "./spec";

export interface CreatedKey {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
}

/** Creates the customer-managed key (rotation on, explicit key policy) and its alias. */
export function createEncryptionKey(
  scope: Construct,
  props: ResolvedClaimCheckProps,
  account: { readonly partition: string; readonly accountId: string },
): CreatedKey {
  const key = new KmsKey(scope, "Key", {
    description: `Encrypts claim-check payloads and claims of ${props.name}`,
    enableKeyRotation: true,
    deletionWindowInDays: props.keyDeletionWindowInDays,
    policy: renderPolicy(buildKeyPolicy({ ...account, administratorArns: props.keyAdministratorArns })),
    lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
  });
  const alias = new KmsAlias(scope, "KeyAlias", {
    name: props.keyAlias ?? `alias/${props.name}`,
    targetKeyId: key.keyId,
  });
  return { key, alias };
}
