import "cdktf/lib/testing/adapters/jest";
import { App, TerraformStack, Testing } from "cdktf";
import { ClaimCheckStack, EnvironmentConfig } from "../../environments";
import { addClaimCheckOutputs, ClaimCheck, ClaimCheckProps, PolicyDocument } from "../../modules/claim-check";

/**
 * A value of synthesized Terraform JSON. Its shape depends on the resource type and tests read it by
 * path, so it is deliberately untyped here (one place) rather than cast at every use.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TerraformJson = any;

/** The synthesized Terraform JSON of one stack. */
export interface SynthesizedStack {
  readonly terraform: Record<string, TerraformJson>;
  readonly provider?: Record<string, TerraformJson[]>;
  readonly resource: Record<string, Record<string, TerraformJson>>;
  readonly data?: Record<string, Record<string, TerraformJson>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
}

export const BASE_PROPS: ClaimCheckProps = { name: "orders", environment: "test" };

/** Synthesizes one ClaimCheck (id "ClaimCheck") in a test stack and returns the JSON string. */
export function synthClaimCheckString(props: Partial<ClaimCheckProps> = {}): string {
  return Testing.synthScope((scope) => {
    new ClaimCheck(scope, "ClaimCheck", { ...BASE_PROPS, ...props });
  });
}

export function synthClaimCheck(props: Partial<ClaimCheckProps> = {}): SynthesizedStack {
  return JSON.parse(synthClaimCheckString(props));
}

/** Synthesizes a ClaimCheck and its outputs in a full stack. */
export function synthWithOutputs(props: Partial<ClaimCheckProps> = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  addClaimCheckOutputs(stack, new ClaimCheck(stack, "ClaimCheck", { ...BASE_PROPS, ...props }));
  return JSON.parse(Testing.synth(stack));
}

/** Synthesizes an environment stack exactly as main.ts would. */
export function synthEnvironment(config: EnvironmentConfig): SynthesizedStack {
  const app: App = Testing.app();
  const stack = new ClaimCheckStack(app, config);
  return JSON.parse(Testing.synth(stack));
}

/** Every resource body of one type, in construct order. */
export function resourcesOf(stack: SynthesizedStack, type: string): Record<string, TerraformJson>[] {
  return Object.values(stack.resource[type] ?? {});
}

/** The logical id (state address name) of the single resource of a type whose construct id is `id`. */
export function logicalIdOf(stack: SynthesizedStack, type: string, id: string, kind: "resource" | "data" = "resource"): string {
  const pattern = new RegExp(`(^|_)${id.replace(/[^A-Za-z0-9]/g, "")}_[0-9A-F]{8}$`);
  const matches = Object.keys(stack[kind]?.[type] ?? {}).filter((key) => pattern.test(key));
  if (matches.length !== 1) throw new Error(`expected one ${type} with id ${id}, found ${matches.length}`);
  return matches[0];
}

/** The single resource of a type whose construct id is `id`. */
export function resourceById(stack: SynthesizedStack, type: string, id: string): Record<string, TerraformJson> {
  return stack.resource[type][logicalIdOf(stack, type, id)];
}

export const parsePolicy = (policy: string): PolicyDocument => JSON.parse(policy);

/** Nested blocks are emitted as an object or a one-element list; tests treat both the same. */
export const block = <T>(value: T | T[]): T => (Array.isArray(value) ? value[0] : value);

/** The actions of a statement as a list. */
export const actionsOf = (statement: { Action: string | string[] }): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** A Terraform reference to a resource attribute, as it appears in the synthesized JSON. */
export const ref = (stack: SynthesizedStack, type: string, id: string, attribute: string): string =>
  `\${${type}.${logicalIdOf(stack, type, id)}.${attribute}}`;

/** A Terraform reference to a data-source attribute. */
export const dataRef = (stack: SynthesizedStack, type: string, id: string, attribute: string): string =>
  `\${data.${type}.${logicalIdOf(stack, type, id, "data")}.${attribute}}`;

/** The address (`type.logicalId`) used in depends_on. */
export const address = (stack: SynthesizedStack, type: string, id: string): string => `${type}.${logicalIdOf(stack, type, id)}`;
