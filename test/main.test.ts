import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const APP_COMMAND: string = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app;

/** Runs cdktf.json's "app" command the way `cdktf synth` does (the CLI sets CDKTF_OUTDIR and runs it from the project root), offline. */
function runApp(outdir: string, env: Record<string, string> = {}) {
  return spawnSync(APP_COMMAND, {
    shell: true,
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
}

describe("main.ts, run as cdktf.json's app", () => {
  const outdir = mkdtempSync(join(tmpdir(), "claim-check-synth-"));
  let manifest: { stacks: Record<string, { annotations: { level: string; message: string }[] }> };
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  beforeAll(() => {
    const run = runApp(outdir);
    if (run.status !== 0) throw new Error(`the app failed:\n${run.stderr}`);
    manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  }, 60_000);

  test("writes exactly the stacks dev, staging, prod and orders-dev|staging|prod", () => {
    expect(Object.keys(manifest.stacks).sort()).toEqual(["dev", "orders-dev", "orders-prod", "orders-staging", "prod", "staging"]);
  });

  test.each(["dev", "staging", "prod"])("the %s stack is complete Terraform JSON with the module and its outputs", (name) => {
    const file = join(outdir, "stacks", name, "cdk.tf.json");
    expect(existsSync(file)).toBe(true);
    const stack = JSON.parse(readFileSync(file, "utf8"));
    expect(stack.provider.aws).toHaveLength(1);
    expect(stack.terraform.required_providers.aws.version).toBe("6.25.0");
    expect(Object.keys(stack.resource)).toEqual(
      expect.arrayContaining(["aws_s3_bucket", "aws_sqs_queue", "aws_kms_key", "aws_iam_policy"]),
    );
    expect(stack.output.queue_url.value).toMatch(/^\$\{aws_sqs_queue\./);
  });

  test.each(["dev", "staging", "prod"])("the %s stack keeps local state at the project root, outside the build folder", (name) => {
    const stack = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    expect(stack.terraform.backend).toEqual({ local: { path: join(ROOT, `terraform.${name}.tfstate`) } });
  });

  test("warns in the manifest (printed by the CLI) that staging and prod keep state locally, and not for dev", () => {
    const warnings = (name: string) => manifest.stacks[name].annotations.filter((a) => a.level === "@cdktf/warn").map((a) => a.message);
    expect(warnings("dev")).toEqual([]);
    expect(warnings("staging")).toEqual([expect.stringContaining("CLAIM_CHECK_STAGING_STATE_BUCKET")]);
    expect(warnings("prod")).toEqual([expect.stringContaining("CLAIM_CHECK_PROD_STATE_BUCKET")]);
  });
});

test("main.ts reports the problems of every environment in one run, naming each environment variable", () => {
  const outdir = mkdtempSync(join(tmpdir(), "claim-check-synth-"));
  try {
    const run = runApp(outdir, { CLAIM_CHECK_DEV_KMS_KEY_ARN: "alias/orders", CLAIM_CHECK_PROD_ACCESS_LOG_BUCKET: "Not_A_Bucket" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(
      /- dev: existingKmsKeyArn .*"alias\/orders" was given \(from environment variable CLAIM_CHECK_DEV_KMS_KEY_ARN\)/,
    );
    expect(run.stderr).toMatch(
      /- prod: accessLogBucketName .*"Not_A_Bucket" was given \(from environment variable CLAIM_CHECK_PROD_ACCESS_LOG_BUCKET\)/,
    );
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}, 60_000);
