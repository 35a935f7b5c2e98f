import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { buildKeyPolicy, CreatedKeyChoice, renderPolicy } from "./spec";

export interface CreatedKey {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
}

/** Creates the customer-managed key (rotation on, explicit key policy) and its alias. */
export interface EncryptionKeyInputs {
  readonly name: string;
  readonly choice: CreatedKeyChoice;
  readonly preventDestroy: boolean;
  readonly partition: string;
  readonly accountId: string;
}

export function createEncryptionKey(scope: Construct, inputs: EncryptionKeyInputs): CreatedKey {
  const { choice } = inputs;
  const key = new KmsKey(scope, "Key", {
    description: `Encrypts claim-check payloads and claims of ${inputs.name}`,
    enableKeyRotation: true,
    deletionWindowInDays: choice.deletionWindowInDays,
    policy: renderPolicy(
      buildKeyPolicy({ partition: inputs.partition, accountId: inputs.accountId, administratorArns: choice.administratorArns }),
    ),
    lifecycle: inputs.preventDestroy ? { preventDestroy: true } : undefined,
  });
  const alias = new KmsAlias(scope, "KeyAlias", { name: choice.alias, targetKeyId: key.keyId });
  return { key, alias };
}
