import { allEnvironments, EnvironmentConfig } from "../../environments";
import { synthEnvironment } from "../support/synth";
import { ALL_CONTROLS, EnvironmentExpectation } from "./support/controls";
import { SAMPLE } from "./support/sample-stack";
import { EXISTING_KEY_ARN } from "./support/variants";

/** What each environment promises where a control is configurable. */
function expectationFor(config: EnvironmentConfig): EnvironmentExpectation {
  const props = config.claimCheck;
  return {
    versioning: props.versioning ?? true,
    preventDestroy: props.preventDestroy ?? false,
    forceDestroyAllowed: config.name === "dev",
    deletionWindowInDays: props.existingKmsKeyArn ? undefined : config.name === "dev" ? 7 : 30,
    accessLogging: props.accessLogBucketName !== undefined,
  };
}

const ACCOUNT_ENV = Object.fromEntries(
  ["DEV", "STAGING", "PROD"].flatMap((env) => [
    [`CLAIM_CHECK_${env}_ACCESS_LOG_BUCKET`, "acme-s3-access-logs"],
    [`CLAIM_CHECK_${env}_PRODUCER_ROLE_NAMES`, "orders-api"],
    [`CLAIM_CHECK_${env}_CONSUMER_ROLE_NAMES`, "orders-worker"],
  ]),
);

const STACKS = [
  ...allEnvironments({}).map((config) => [`${config.name}`, config] as const),
  ...allEnvironments(ACCOUNT_ENV).map((config) => [`${config.name} with logging and roles`, config] as const),
  ...allEnvironments({ ...ACCOUNT_ENV, CLAIM_CHECK_PROD_KMS_KEY_ARN: EXISTING_KEY_ARN, CLAIM_CHECK_PROD_REGION: SAMPLE.region })
    .filter((config) => config.name === "prod")
    .map((config) => [`${config.name} with an existing key`, config] as const),
].map(([name, config]) => [name, synthEnvironment(config), expectationFor(config)] as const);

describe.each(STACKS)("%s stack", (_name, stack, expectation) => {
  test.each(ALL_CONTROLS.map((control) => [`${control.ids}: ${control.title}`, control] as const))("%s", (_title, control) => {
    expect(control.check(stack, expectation)).toEqual([]);
  });
});
