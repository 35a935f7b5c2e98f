import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const APP_COMMAND: string = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app;

// main.ts, run as `cdktf synth` runs it: claim-check and orders problems come out of one run, together.
test("main.ts reports claim-check and orders problems together, each naming its stack and variable, and writes nothing", () => {
  const outdir = mkdtempSync(join(tmpdir(), "orders-main-"));
  try {
    const run = spawnSync(APP_COMMAND, {
      shell: true,
      cwd: ROOT,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CDKTF_OUTDIR: outdir,
        CLAIM_CHECK_DEV_KMS_KEY_ARN: "alias/orders",
        ORDERS_DEV_WEBHOOK_URLS: "http://hooks.example.com",
        ORDERS_STAGING_WEBHOOK_URLS: "ftp://hooks.example.com",
        ORDERS_PROD_WEB_HOSTING: "maybe",
      },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/Invalid environment settings \(4\)/);
    expect(run.stderr).toMatch(/- dev: existingKmsKeyArn .*\(from environment variable CLAIM_CHECK_DEV_KMS_KEY_ARN\)/);
    expect(run.stderr).toMatch(
      /- orders-dev: webhookUrls .*"http:\/\/hooks.example.com" was given \(from environment variable ORDERS_DEV_WEBHOOK_URLS\)/,
    );
    expect(run.stderr).toMatch(/- orders-staging: webhookUrls .*\(from environment variable ORDERS_STAGING_WEBHOOK_URLS\)/);
    expect(run.stderr).toMatch(/- orders-prod: webHosting .*"maybe" was given \(from environment variable ORDERS_PROD_WEB_HOSTING\)/);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}, 120_000);
