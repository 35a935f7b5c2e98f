import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { claimCheck, useEmulator } from "./support";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const cli = (args: string[]) =>
  run(process.execPath, ["-r", "ts-node/register/transpile-only", join(ROOT, "client/cli.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });

const { emulator } = useEmulator();

test("claim-check send and receive move a file through the claim check, configured from terraform outputs", async () => {
  const local = await claimCheck(emulator());
  const work = mkdtempSync(join(tmpdir(), "claim-cli-"));
  try {
    const outputs = {
      bucket_name: { value: local.config.bucketName },
      payload_prefix: { value: local.config.payloadPrefix },
      queue_url: { value: local.config.queueUrl },
      kms_key_arn: { value: local.config.kmsKeyArn },
      max_message_size: { value: local.config.maxMessageSize },
    };
    writeFileSync(join(work, "outputs.json"), JSON.stringify(outputs));
    writeFileSync(join(work, "order.json"), JSON.stringify({ orderId: "ord-7" }));
    const common = ["--config", join(work, "outputs.json"), "--endpoint", emulator().endpoint];

    const sent = JSON.parse((await cli([...common, "send", join(work, "order.json"), "--content-type", "application/json", "--always-offload"])).stdout);
    expect(sent.claim).toMatchObject({ s3_bucket: local.config.bucketName, content_type: "application/json" });

    const received = await cli([...common, "receive", "--out", join(work, "in"), "--wait", "1"]);
    expect(JSON.parse(received.stdout.trim())).toEqual({ messageId: sent.messageId, status: "processed" });
    expect(readFileSync(join(work, "in", sent.messageId), "utf8")).toBe(JSON.stringify({ orderId: "ord-7" }));
    expect(readdirSync(join(work, "in")).sort()).toEqual([sent.messageId, `${sent.messageId}.claim.json`]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 60_000);

test("a bad configuration is reported with the field and the value, and a non-zero exit", async () => {
  const work = mkdtempSync(join(tmpdir(), "claim-cli-"));
  try {
    writeFileSync(join(work, "outputs.json"), JSON.stringify({ bucket_name: { value: "b" } }));
    const error = await cli(["--config", join(work, "outputs.json"), "receive"]).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('queue_url must be a non-empty string, but undefined was given');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 30_000);

test("npm run demo sends a sample order through the claim check and consumes it", async () => {
  const { stdout } = await run("npm", ["run", "--silent", "demo"], { cwd: ROOT });
  expect(stdout).toMatch(/"s3_key": "payloads\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}"/);
  expect(stdout).toMatch(/result +\S+ processed/);
}, 60_000);
