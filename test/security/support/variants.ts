import { allEnvironments } from "../../../environments";
import { ClaimCheckProps } from "../../../modules/claim-check";
import { SynthesizedStack, synthEnvironment, synthWithOutputs } from "../../support/synth";
import { policiesOf, resolveStack, SAMPLE, StackPolicies } from "./sample-stack";

export const PRINCIPALS = {
  producer: `arn:aws:iam::${SAMPLE.accountId}:role/orders-api`,
  consumer: `arn:aws:iam::${SAMPLE.accountId}:role/orders-worker`,
  unrelated: `arn:aws:iam::${SAMPLE.accountId}:role/unrelated`,
  keyAdministrator: `arn:aws:iam::${SAMPLE.accountId}:role/KeyAdmin`,
  otherAccount: `arn:aws:iam::${SAMPLE.otherAccountId}:role/orders-api`,
} as const;

export const EXISTING_KEY_ARN = `arn:aws:kms:${SAMPLE.region}:${SAMPLE.accountId}:key/0f0f0f0f-1111-2222-3333-444444444444`;

/** One synthesized configuration under test, with the options that change who may do what. */
export interface SecurityVariant {
  readonly name: string;
  readonly stack: SynthesizedStack;
  readonly policies: StackPolicies;
  readonly versioning: boolean;
  readonly deleteOnConsume: boolean;
  /** Consumers may tag payloads as consumed, which a lifecycle rule expires a day later. */
  readonly expireConsumedPayloads: boolean;
  readonly existingKey: boolean;
}

function variant(name: string, stack: SynthesizedStack, props: Partial<ClaimCheckProps>): SecurityVariant {
  return {
    name,
    stack,
    policies: policiesOf(resolveStack(stack)),
    versioning: props.versioning ?? true,
    deleteOnConsume: props.deleteOnConsume ?? false,
    expireConsumedPayloads: props.expireConsumedPayloads ?? true,
    existingKey: props.existingKmsKeyArn !== undefined,
  };
}

const ROLE_ENV = {
  CLAIM_CHECK_PROD_PRODUCER_ROLE_NAMES: "orders-api",
  CLAIM_CHECK_PROD_CONSUMER_ROLE_NAMES: "orders-worker",
  CLAIM_CHECK_PROD_KMS_KEY_ARN: EXISTING_KEY_ARN,
  // The key must be in the stack's region, as AWS requires (checked at synth).
  CLAIM_CHECK_PROD_REGION: SAMPLE.region,
};

/** Every environment stack as main.ts synthesizes it, plus the options that change the grants. */
export function securityVariants(): SecurityVariant[] {
  const environments = allEnvironments({}).map((config) =>
    variant(`${config.name} environment`, synthEnvironment(config), config.claimCheck),
  );
  const prodExisting = allEnvironments(ROLE_ENV).find((c) => c.name === "prod")!;
  return [
    ...environments,
    variant("prod environment, existing key", synthEnvironment(prodExisting), prodExisting.claimCheck),
    ...(
      [
        ["module, delete-on-consume", { deleteOnConsume: true }],
        ["module, unversioned, delete-on-consume", { versioning: false, deleteOnConsume: true }],
        ["module, FIFO", { fifo: true, contentBasedDeduplication: true }],
        ["module, no consumed-payload expiry", { expireConsumedPayloads: false }],
      ] as const
    ).map(([name, props]) => variant(name, synthWithOutputs(props), props)),
  ];
}

/** A created key with a named administrator (the only variant where the administrators' statement exists). */
export function keyAdministratorVariant(): SecurityVariant {
  const props = { keyAdministratorArns: [PRINCIPALS.keyAdministrator] };
  return variant("module, key administrators", synthWithOutputs(props), props);
}
