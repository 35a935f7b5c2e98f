import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Fn, Op, Token } from "cdktf";
import { Construct } from "constructs";
import { buildKeyPolicy, CreatedKeyChoice, isConditional, KEY_DESCRIPTION, keyPolicyTemplate, renderPolicy } from "./spec";

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

/**
 * The key policy as a string. Administrators given as a list reference (a Terraform variable's list) are
 * not known at synth, nor is whether there are any: the policy becomes a `jsonencode(...)` expression
 * whose administrators' statement exists only when the list is non-empty at plan, like the Registry module's.
 */
function keyPolicy(inputs: EncryptionKeyInputs): string {
  const { partition, accountId } = inputs;
  const administratorArns = inputs.choice.administratorArns;
  if (!Token.isUnresolved(administratorArns)) return renderPolicy(buildKeyPolicy({ partition, accountId, administratorArns }));
  const list = administratorArns as string[];
  const template = keyPolicyTemplate(
    { partition, accountId, administratorArns: Token.asString(list) },
    { expression: "administrators given" },
  );
  const groups = template.Statement.map((entry) =>
    isConditional(entry) ? Fn.conditional(Op.gte(Fn.lengthOf(list), 1), [...entry.statements], []) : [entry],
  );
  return Fn.jsonencode({ Version: template.Version, Statement: Fn.concat(groups) });
}

export function createEncryptionKey(scope: Construct, inputs: EncryptionKeyInputs): CreatedKey {
  const { choice } = inputs;
  const key = new KmsKey(scope, "Key", {
    description: KEY_DESCRIPTION(inputs.name),
    enableKeyRotation: true,
    deletionWindowInDays: choice.deletionWindowInDays,
    policy: keyPolicy(inputs),
    lifecycle: inputs.preventDestroy ? { preventDestroy: true } : undefined,
  });
  const alias = new KmsAlias(scope, "KeyAlias", { name: choice.alias, targetKeyId: key.keyId });
  return { key, alias };
}
