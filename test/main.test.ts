import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Runs main.ts the way `cdktf synth` does (the CLI sets CDKTF_OUTDIR and runs the app), offline.
describe("main.ts", () => {
  const outdir = mkdtempSync(join(tmpdir(), "claim-check-synth-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  beforeAll(() => {
    execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "main.ts"], {
      cwd: join(__dirname, ".."),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir },
      stdio: "pipe",
    });
  }, 60_000);

  test("writes exactly the stacks dev, staging, prod and orders-dev|staging|prod", () => {
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
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
});
