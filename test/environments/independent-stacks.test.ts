import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allEnvironments } from "../../environments";
import { addAllStacks, allOrdersEnvironments } from "../../environments/orders";
import { IndependentStack } from "../../environments/stack";
import { listFiles } from "../support/terraform";

/** Every file `app.synth()` writes under stacks/, by path, after `build` adds the stacks to a fresh app. */
function synthesizedStacks(build: (app: App) => void, { cdktfPreparingPass }: { cdktfPreparingPass: boolean }): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "claim-check-independent-"));
  try {
    const app = new App({ outdir });
    build(app);
    if (cdktfPreparingPass) {
      for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
        stack.prepareStack = () => TerraformStack.prototype.prepareStack.call(stack);
      }
    }
    app.synth();
    return new Map(
      listFiles(join(outdir, "stacks")).map((path) => [join("stacks", path), readFileSync(join(outdir, "stacks", path), "utf8")]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The stacks' files that differ between a synth without and with cdktf's preparing pass, and ours. */
function compare(build: (app: App) => void): { differing: string[]; ours: Map<string, string> } {
  const ours = synthesizedStacks(build, { cdktfPreparingPass: false });
  const cdktfs = synthesizedStacks(build, { cdktfPreparingPass: true });
  const paths = [...new Set([...ours.keys(), ...cdktfs.keys()])].sort();
  return { differing: paths.filter((path) => ours.get(path) !== cdktfs.get(path)), ours };
}

class Stack extends IndependentStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
  }
}

// environments/stack.ts: our stacks skip cdktf's preparing resolve (see there for what it serves).
describe("IndependentStack", () => {
  test("every stack main.ts writes is byte-identical to a synth with cdktf's own preparing pass", () => {
    const build = (app: App) => addAllStacks(app, allEnvironments({}), allOrdersEnvironments({}));
    const { differing, ours } = compare(build);
    expect([...ours.keys()].filter((path) => path.endsWith("cdk.tf.json")).sort()).toEqual(
      ["dev", "orders-dev", "orders-prod", "orders-staging", "prod", "staging"].map((name) => join("stacks", name, "cdk.tf.json")),
    );
    expect(differing).toEqual([]);
  }, 60_000);

  test("so is every stack with every setting given: an existing key, key administrators, roles, S3 state, the web page", () => {
    const env: NodeJS.ProcessEnv = {};
    for (const stage of ["DEV", "STAGING", "PROD"]) {
      Object.assign(env, {
        [`CLAIM_CHECK_${stage}_PRODUCER_ROLE_NAMES`]: "producer-a,producer-b",
        [`CLAIM_CHECK_${stage}_CONSUMER_ROLE_NAMES`]: "consumer-a",
        [`CLAIM_CHECK_${stage}_ACCESS_LOG_BUCKET`]: "access-logs-bucket",
        [`CLAIM_CHECK_${stage}_STATE_BUCKET`]: "state-bucket",
        [`ORDERS_${stage}_STATE_BUCKET`]: "state-bucket",
        [`ORDERS_${stage}_JWT_ISSUER`]: "https://issuer.example.com",
        [`ORDERS_${stage}_JWT_AUDIENCE`]: "orders,admin",
        [`ORDERS_${stage}_CORS_ORIGINS`]: "https://orders.example.com",
        [`ORDERS_${stage}_WEBHOOK_URLS`]: "https://hooks.example.com/orders",
        [`ORDERS_${stage}_SECRETS_EXTENSION_LAYER_ARN`]: "arn:aws:lambda:eu-west-1:123456789012:layer:secrets:1",
        [`ORDERS_${stage}_WEBSOCKET_ACCESS_LOGS`]: "true",
      });
    }
    // Each environment takes one side of each either/or choice.
    env.CLAIM_CHECK_DEV_KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    env.CLAIM_CHECK_STAGING_KEY_ADMIN_ARNS = "arn:aws:iam::123456789012:role/key-admin";
    env.ORDERS_PROD_WEB_HOSTING = "true";
    const { differing, ours } = compare((app) => addAllStacks(app, allEnvironments(env), allOrdersEnvironments(env)));
    expect(differing).toEqual([]);
    const resources = (stack: string) => JSON.parse(ours.get(join("stacks", stack, "cdk.tf.json"))!).resource;
    expect(resources("dev").aws_kms_key).toBeUndefined(); // the settings were taken
    expect(resources("orders-prod").aws_cloudfront_distribution).toBeDefined();
  }, 60_000);

  test("a reference to another stack's resource, which needs that pass, makes the comparison fail", () => {
    const build = (app: App) => {
      const bucket = new S3Bucket(new Stack(app, "first"), "bucket", { bucket: "first-bucket" });
      new SsmParameter(new Stack(app, "second"), "name", { name: "bucket-name", type: "String", value: bucket.bucket });
    };
    expect(compare(build).differing).toEqual([join("stacks", "first", "cdk.tf.json"), join("stacks", "second", "cdk.tf.json")]);
  });

  test("a stack without a backend still gets cdktf's default local one", () => {
    const files = synthesizedStacks((app) => void new S3Bucket(new Stack(app, "lone"), "bucket", {}), { cdktfPreparingPass: false });
    expect(JSON.parse(files.get(join("stacks", "lone", "cdk.tf.json"))!).terraform.backend).toEqual({
      local: { path: expect.stringMatching(/terraform\.lone\.tfstate$/) },
    });
  });
});
