import { App, Testing } from "cdktf";
import { join } from "node:path";
import { allEnvironments, EnvironmentValidationError } from "../../environments";
import { addAllStacks, addOrdersStacks, allOrdersEnvironments, ordersConfig } from "../../environments/orders";

// How the orders stacks are configured and registered, as the claim-check stacks are (issue 8).
const ROOT = "/srv/project";

test.each(["dev", "staging", "prod"] as const)("orders-%s keeps local state at an absolute path at the project root", (environment) => {
  expect(ordersConfig(environment, {}, ROOT).backend).toEqual({
    kind: "local",
    path: join(ROOT, `terraform.orders-${environment}.tfstate`),
  });
  expect(ordersConfig(environment, {}).backend).toEqual({
    kind: "local",
    path: join(process.cwd(), `terraform.orders-${environment}.tfstate`),
  });
});

test("a state bucket moves the state to S3 with S3-native locking", () => {
  expect(ordersConfig("prod", { ORDERS_PROD_STATE_BUCKET: "tf-state", ORDERS_PROD_REGION: "eu-west-1" }, ROOT).backend).toEqual({
    kind: "s3",
    bucket: "tf-state",
    key: "orders/prod/terraform.tfstate",
    region: "eu-west-1",
  });
});

/** All problems of every environment, as main.ts would report them. */
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    addAllStacks(new App({ skipValidation: true }), allEnvironments(env, ROOT), allOrdersEnvironments(env, ROOT));
  } catch (error) {
    if (error instanceof EnvironmentValidationError) return error.problems;
    throw error;
  }
  return [];
}

test("claim-check and orders problems of every environment come out in one run, each naming its environment and variable", () => {
  const problems = problemsOf({
    CLAIM_CHECK_DEV_KMS_KEY_ARN: "alias/orders",
    ORDERS_DEV_REGION: "eu west 1",
    ORDERS_DEV_JWT_ISSUER: "http://issuer.example.com",
    ORDERS_STAGING_WEBHOOK_URLS: "http://hooks.example.com",
    ORDERS_PROD_CORS_ORIGINS: "shop.example.com",
    ORDERS_PROD_JWT_ISSUER: "https://issuer.example.com",
    ORDERS_PROD_WEB_HOSTING: "yes",
  });
  expect(problems).toEqual([
    expect.stringMatching(/^dev: existingKmsKeyArn .*"alias\/orders" was given \(from environment variable CLAIM_CHECK_DEV_KMS_KEY_ARN\)$/),
    expect.stringMatching(/^orders-dev: region .*"eu west 1" was given \(from environment variable ORDERS_DEV_REGION\)$/),
    expect.stringMatching(
      /^orders-dev: jwtIssuer .*"http:\/\/issuer.example.com" was given \(from environment variable ORDERS_DEV_JWT_ISSUER\)$/,
    ),
    expect.stringMatching(/^orders-dev: jwtAudience .*\(set it with environment variable ORDERS_DEV_JWT_AUDIENCE\)$/),
    expect.stringMatching(
      /^orders-staging: webhookUrls .*"http:\/\/hooks.example.com" was given \(from environment variable ORDERS_STAGING_WEBHOOK_URLS\)$/,
    ),
    expect.stringMatching(
      /^orders-prod: webHosting must be "true" or "false", but "yes" was given \(from environment variable ORDERS_PROD_WEB_HOSTING\)$/,
    ),
    expect.stringMatching(/^orders-prod: jwtAudience .*\(set it with environment variable ORDERS_PROD_JWT_AUDIENCE\)$/),
    expect.stringMatching(
      /^orders-prod: corsOrigins .*"shop.example.com" was given \(from environment variable ORDERS_PROD_CORS_ORIGINS\)$/,
    ),
  ]);
});

test("a claim-check variable the orders stack inherits is named as the source of the orders stack's problem too", () => {
  // The orders stack's own claim check takes the environment's claim-check settings, the access-log bucket included.
  expect(problemsOf({ CLAIM_CHECK_PROD_ACCESS_LOG_BUCKET: "Not_A_Bucket" })).toEqual([
    expect.stringMatching(
      /^prod: accessLogBucketName .*"Not_A_Bucket" was given \(from environment variable CLAIM_CHECK_PROD_ACCESS_LOG_BUCKET\)$/,
    ),
    expect.stringMatching(
      /^orders-prod: accessLogBucketName .*"Not_A_Bucket" was given \(from environment variable CLAIM_CHECK_PROD_ACCESS_LOG_BUCKET\)$/,
    ),
  ]);
});

test("a problem in a setting of the orders profile names the settings file", () => {
  const config = ordersConfig("prod", {}, ROOT);
  const broken = { ...config, app: { ...config.app, logRetentionDays: 8 } };
  expect(() => addOrdersStacks(new App({ skipValidation: true }), [broken])).toThrow(
    /- orders-prod: logRetentionDays [^\n]+ \(set in environments\/orders\/settings\.ts\)/,
  );
});

test("staging and prod warn (cdktf annotation) when they keep state locally, naming ORDERS_<ENV>_STATE_BUCKET; dev and S3 state do not", () => {
  jest.setTimeout(120_000);
  const app = Testing.app();
  const stacks = addOrdersStacks(app, allOrdersEnvironments({ ORDERS_PROD_STATE_BUCKET: "tf-state" }, ROOT));
  const warnings = (index: number) => stacks[index].node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
  expect(warnings(0)).toEqual([]);
  expect(warnings(1)).toEqual([
    expect.stringMatching(/orders-staging keeps its Terraform state in a local file .*ORDERS_STAGING_STATE_BUCKET/),
  ]);
  expect(warnings(2)).toEqual([]);
}, 120_000);
