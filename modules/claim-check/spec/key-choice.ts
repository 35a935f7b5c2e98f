import { ResolvedClaimCheckProps } from "./defaults";
import { defaultKeyAlias } from "./resources";

/** The module creates the key: only this choice carries the created key's settings. */
export interface CreatedKeyChoice {
  readonly kind: "created";
  readonly alias: string;
  readonly deletionWindowInDays: number;
  readonly administratorArns: readonly string[];
}

/** The caller brings a key: the module never modifies it, and asks its owner for key-policy statements. */
export interface ExistingKeyChoice {
  readonly kind: "existing";
  readonly arn: string;
}

export type KeyChoice = CreatedKeyChoice | ExistingKeyChoice;

/** "Do we own the key?", answered once for the construct, its outputs and the Registry module's docs. */
export function resolveKeyChoice(props: ResolvedClaimCheckProps): KeyChoice {
  if (props.existingKmsKeyArn !== undefined) return { kind: "existing", arn: props.existingKmsKeyArn };
  return {
    kind: "created",
    alias: props.keyAlias ?? defaultKeyAlias(props.name),
    deletionWindowInDays: props.keyDeletionWindowInDays,
    administratorArns: props.keyAdministratorArns,
  };
}
