import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { S3Claim } from "../../client";
import { bundleCli } from "../support/bundled-cli";
import { stalledEndpoint } from "./faults";
import { claimCheck, producerFor, receiveAll, useEmulator } from "./support";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const bundled = bundleCli(join(ROOT, "client/cli.ts"));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [bundled, ...args], { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: "1", ...env } });

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

    const sent = JSON.parse(
      (await cli([...common, "send", join(work, "order.json"), "--content-type", "application/json", "--always-offload"])).stdout,
    );
    expect(sent.claim).toMatchObject({ s3_bucket: local.config.bucketName, content_type: "application/json" });

    const received = await cli([...common, "receive", "--out", join(work, "in"), "--wait", "1"]);
    expect(JSON.parse(received.stdout.trim())).toEqual({
      messageId: sent.messageId,
      status: "processed",
      format: "claim-check",
      verification: "size+sha256",
    });
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
    expect(error.stderr).toContain("queue_url must be a non-empty string, but undefined was given");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 30_000);

test("npm run demo sends a sample order through the claim check and consumes it", async () => {
  const { stdout } = await run("npm", ["run", "--silent", "demo"], { cwd: ROOT });
  expect(stdout).toMatch(/"s3_key": "payloads\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}"/);
  expect(stdout).toMatch(/result +\S+ processed/);
}, 60_000);

describe("the CLI keeps its promises", () => {
  const outputsOf = (config: {
    bucketName: string;
    payloadPrefix: string;
    queueUrl: string;
    kmsKeyArn: string;
    maxMessageSize: number;
  }) => ({
    bucket_name: { value: config.bucketName },
    payload_prefix: { value: config.payloadPrefix },
    queue_url: { value: config.queueUrl },
    kms_key_arn: { value: config.kmsKeyArn },
    max_message_size: { value: config.maxMessageSize },
  });
  let work: string;
  beforeEach(() => (work = mkdtempSync(join(tmpdir(), "claim-cli-"))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test("receive exits 2 when a message fails, and leaves no unverified file behind", async () => {
    const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 0 });
    const producer = producerFor(local, { alwaysOffload: true });
    const { claim } = await producer.send("original order");
    await producer.s3.send(
      new PutObjectCommand({ Bucket: local.config.bucketName, Key: (claim as S3Claim).s3_key, Body: "tampered order" }),
    );
    writeFileSync(join(work, "outputs.json"), JSON.stringify(outputsOf(local.config)));
    const error = await cli([
      "--config",
      join(work, "outputs.json"),
      "--endpoint",
      emulator().endpoint,
      "receive",
      "--out",
      join(work, "in"),
      "--wait",
      "1",
    ]).catch((e) => e);
    expect(error.code).toBe(2);
    expect(JSON.parse(error.stdout.trim())).toMatchObject({ status: "checksum-mismatch" });
    expect(error.stderr).toContain("1 of 1 messages were not processed");
    expect(readdirSync(join(work, "in"))).toEqual([]);
  }, 60_000);

  /** A claim in the source document's format (no size, no sha256): nothing can be verified. */
  async function sendSeedClaim(local: Awaited<ReturnType<typeof claimCheck>>, key: string, payload: string) {
    const producer = producerFor(local);
    await producer.s3.send(new PutObjectCommand({ Bucket: local.config.bucketName, Key: key, Body: payload }));
    const body = JSON.stringify({
      s3_bucket: local.config.bucketName,
      s3_key: key,
      metadata: { submitted_by: "seed-producer", timestamp: "2026-11-21T12:00:00Z" },
    });
    const { MessageId } = await producer.sqs.send(new SendMessageCommand({ QueueUrl: local.config.queueUrl, MessageBody: body }));
    return MessageId!;
  }

  test("an unverifiable (seed) claim is reported as such; --require-verified refuses it and writes nothing", async () => {
    const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 1 });
    writeFileSync(join(work, "outputs.json"), JSON.stringify(outputsOf(local.config)));
    const common = ["--config", join(work, "outputs.json"), "--endpoint", emulator().endpoint];
    const refusedId = await sendSeedClaim(local, `${local.config.payloadPrefix}seed/one`, "seed payload");
    const error = await cli([...common, "receive", "--out", join(work, "strict"), "--wait", "1", "--require-verified"]).catch((e) => e);
    expect(error.code).toBe(2);
    expect(JSON.parse(error.stdout.trim())).toEqual({
      messageId: refusedId,
      status: "handler-failed",
      format: "seed",
      verification: "none",
      error: expect.stringContaining("--require-verified"),
    });
    expect(readdirSync(join(work, "strict"))).toEqual([]);
    // Without the flag, the same message is written and its line says nothing was verified.
    await new Promise((r) => setTimeout(r, 1200));
    const lenient = await cli([...common, "receive", "--out", join(work, "in"), "--wait", "2"]);
    expect(JSON.parse(lenient.stdout.trim())).toEqual({ messageId: refusedId, status: "processed", format: "seed", verification: "none" });
    expect(readFileSync(join(work, "in", refusedId), "utf8")).toBe("seed payload");
  }, 60_000);

  test("an inline claim without size and sha256 whose data is not base64 is malformed: exit 2, nothing written", async () => {
    const local = await claimCheck(emulator());
    const body = JSON.stringify({
      schema_version: "1.0",
      inline: { encoding: "base64", data: "###not base64###" },
      content_type: "x",
      metadata: { submitted_by: "someone", timestamp: "2026-11-21T12:00:00Z" },
    });
    const { MessageId } = await producerFor(local).sqs.send(new SendMessageCommand({ QueueUrl: local.config.queueUrl, MessageBody: body }));
    writeFileSync(join(work, "outputs.json"), JSON.stringify(outputsOf(local.config)));
    const common = ["--config", join(work, "outputs.json"), "--endpoint", emulator().endpoint];
    const error = await cli([...common, "receive", "--out", join(work, "in"), "--wait", "1"]).catch((e) => e);
    expect(error.code).toBe(2);
    expect(JSON.parse(error.stdout.trim())).toEqual({
      messageId: MessageId,
      status: "malformed",
      error: expect.stringContaining("an inline claim must carry size and sha256 (missing: size, sha256); /inline/data must be base64"),
    });
    expect(readdirSync(join(work, "in"))).toEqual([]);
  }, 60_000);

  test("receive --wait takes what its help says: 0 (a short poll) to 20 seconds, and names a bad value", async () => {
    const help = (await cli(["receive", "--help"])).stdout;
    expect(help).toMatch(/--wait <seconds> +long-poll wait, 0 \(a short poll\) to 20 \(default: 20\)/);
    const local = await claimCheck(emulator());
    const { messageId } = await producerFor(local).send("order");
    writeFileSync(join(work, "outputs.json"), JSON.stringify(outputsOf(local.config)));
    const common = ["--config", join(work, "outputs.json"), "--endpoint", emulator().endpoint];
    const received = await cli([...common, "receive", "--out", join(work, "in"), "--wait", "0"]);
    expect(JSON.parse(received.stdout.trim())).toMatchObject({ messageId, status: "processed" });
    for (const bad of ["21", "-1", "1.5", "soon"]) {
      const error = await cli([...common, "receive", "--wait", bad]).catch((e) => e);
      expect(error.code).toBe(1);
      expect(error.stderr).toContain(
        `option '--wait <seconds>' argument '${bad}' is invalid. must be an integer from 0 to 20, but "${bad}" was given`,
      );
    }
  }, 60_000);

  test("receive --max 15 processes 15 of 20 messages", async () => {
    const local = await claimCheck(emulator());
    const producer = producerFor(local);
    await producer.sendBatch(Array.from({ length: 20 }, (_, i) => `order ${i}`));
    writeFileSync(join(work, "outputs.json"), JSON.stringify(outputsOf(local.config)));
    const { stdout } = await cli([
      "--config",
      join(work, "outputs.json"),
      "--endpoint",
      emulator().endpoint,
      "receive",
      "--out",
      join(work, "in"),
      "--max",
      "15",
      "--wait",
      "1",
    ]);
    expect(stdout.trim().split("\n")).toHaveLength(15);
    const left = new Set<string>();
    for (let i = 0; i < 5 && left.size < 5; i++) for (const id of await receiveAll(producer.sqs, local.config.queueUrl)) left.add(id);
    expect(left.size).toBe(5);
  }, 60_000);

  test("reads a `cdktf output --outputs-file` file, keyed by stack", async () => {
    const local = await claimCheck(emulator());
    const values = Object.fromEntries(Object.entries(outputsOf(local.config)).map(([name, o]) => [name, o.value]));
    writeFileSync(join(work, "outputs.json"), JSON.stringify({ "claim-check-dev": values }));
    writeFileSync(join(work, "order.json"), '{"orderId":"ord-9"}');
    const { stdout } = await cli([
      "--config",
      join(work, "outputs.json"),
      "--endpoint",
      emulator().endpoint,
      "send",
      join(work, "order.json"),
    ]);
    expect(JSON.parse(stdout).claim.inline).toBeDefined(); // a small file travels inline, as the docs say
  }, 60_000);

  test("configuration errors name the file; a bad --endpoint names the option", async () => {
    const missing = await cli(["--config", join(work, "nope.json"), "receive"]).catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`claim-check: config file ${join(work, "nope.json")}: ENOENT`);
    writeFileSync(join(work, "broken.json"), "{ not json");
    const broken = await cli(["--config", join(work, "broken.json"), "receive"]).catch((e) => e);
    expect(broken.stderr).toContain(`config file ${join(work, "broken.json")}:`);
    const endpoint = await cli(["--config", join(work, "broken.json"), "--endpoint", "localhost:4566x", "receive"]).catch((e) => e);
    expect(endpoint.code).toBe(1);
    expect(endpoint.stderr).toMatch(/option '--endpoint <url>' argument 'localhost:4566x' is invalid\. must be an http\(s\) URL/);
  }, 60_000);

  test("a stalled endpoint ends the command after --timeout with exit code 1", async () => {
    const stalled = await stalledEndpoint();
    try {
      writeFileSync(
        join(work, "outputs.json"),
        JSON.stringify(
          outputsOf({
            bucketName: "b",
            payloadPrefix: "payloads/",
            queueUrl: `${stalled.endpoint}/000000000000/q`,
            kmsKeyArn: "k",
            maxMessageSize: 1_048_576,
          }),
        ),
      );
      const started = Date.now();
      // One attempt: --timeout bounds each call, and the SDK's default of 3 attempts would only repeat the wait.
      const error = await cli(
        ["--config", join(work, "outputs.json"), "--endpoint", stalled.endpoint, "--timeout", "1", "receive", "--wait", "1"],
        { AWS_MAX_ATTEMPTS: "1" },
      ).catch((e) => e);
      expect(error.code).toBe(1);
      expect(error.stderr).toMatch(/claim-check: .*time/i);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await stalled.close();
    }
  }, 60_000);

  test("`npx claim-check` works in a clone of the repository, without a build", async () => {
    // An empty npm cache, as on a machine that never ran it: npx links the repository into a fresh npx
    // folder. A kept one is read back with its hidden lockfile, which every change in the repository's top
    // folder makes stale, and then npm walks the repository's whole node_modules (twice the CPU).
    const { stdout } = await run("npx", ["--offline", "claim-check", "--help"], {
      cwd: ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: "1", npm_config_cache: join(work, "npm-cache") },
    });
    expect(stdout).toContain("Send and receive payloads through a claim-check bucket and queue");
  }, 60_000);
});
