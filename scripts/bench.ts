// npm run bench: one run against the local emulator (loopback, no AWS), printing a table and, last,
// a line with the ratios. (a) claim-check round trip vs raw SQS; (b) large payload MB/s vs raw
// lib-storage Upload / GetObject; (c) peak RSS of the client while it streams a 1 GiB payload.
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { Upload } from "@aws-sdk/lib-storage";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Readable } from "node:stream";
import { ClaimCheckConsumer, ClaimCheckProducer, createClients, DEFAULT_PART_SIZE } from "../client";
import { percentile, runConcurrently, timed } from "./bench/measure";
import { generatedStream } from "./local/generated-stream";
import { startEmulator } from "./local/emulator";
import { createLocalClaimCheck, LocalClaimCheck } from "./local/local-claim-check";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 400);
const WORKERS = 8;
const LARGE = Number(process.env.BENCH_LARGE_MB ?? 100) * 1024 * 1024;
const SMALL = JSON.stringify({ orderId: "ord-1", items: [{ sku: "sku-1", qty: 1 }], note: "x".repeat(900) });

interface Row {
  readonly name: string;
  readonly value: string;
}
const rows: Row[] = [];
const row = (name: string, value: string) => {
  rows.push({ name, value });
  process.stderr.write(`  ${name}: ${value}\n`);
};
const mbps = (bytes: number, ms: number) => bytes / 1024 / 1024 / (ms / 1000);

async function rawSqsRoundTrips(local: LocalClaimCheck) {
  const { sqs } = createClients(local.connection);
  return runConcurrently(MESSAGES, WORKERS, async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: local.config.queueUrl, MessageBody: SMALL }));
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: local.config.queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }));
      if (Messages.length === 0) continue;
      await sqs.send(new DeleteMessageCommand({ QueueUrl: local.config.queueUrl, ReceiptHandle: Messages[0].ReceiptHandle }));
      return;
    }
  });
}

async function claimCheckRoundTrips(local: LocalClaimCheck, alwaysOffload: boolean) {
  const producer = new ClaimCheckProducer({ ...local.connection, config: local.config, submittedBy: "bench", alwaysOffload });
  const consumer = new ClaimCheckConsumer({ ...local.connection, config: local.config, maxMessages: 1, visibilityTimeoutSeconds: 60, cleanup: "delete" });
  return runConcurrently(MESSAGES, WORKERS, async () => {
    await producer.send(SMALL, { contentType: "application/json" });
    while ((await consumer.poll(async (claim) => void (await claim.bytes()), 1)).length === 0);
  });
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  try {
    process.stderr.write(`benchmark on ${emulator.endpoint} (${MESSAGES} round trips, ${WORKERS} workers, ${SMALL.length}-byte message)\n`);
    const small = await createLocalClaimCheck(emulator.endpoint, { name: "bench-small" });
    const raw = await rawSqsRoundTrips(small);
    const inline = await claimCheckRoundTrips(small, false);
    const offloaded = await claimCheckRoundTrips(small, true);
    for (const [name, r] of [["raw SQS", raw], ["claim check, inline", inline], ["claim check, via S3", offloaded]] as const) {
      row(`(a) ${name}`, `${(MESSAGES / (r.wallMs / 1000)).toFixed(0)} msg/s, p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p99 ${percentile(r.latencies, 99).toFixed(1)} ms`);
    }

    const large = await createLocalClaimCheck(emulator.endpoint, { name: "bench-large" });
    const { s3 } = createClients(large.connection);
    const producer = new ClaimCheckProducer({ ...large.connection, config: large.config, submittedBy: "bench" });
    const rawUpload = await timed(() =>
      new Upload({ client: s3, params: { Bucket: large.config.bucketName, Key: "raw/large", Body: generatedStream(LARGE), ServerSideEncryption: "aws:kms", SSEKMSKeyId: large.config.kmsKeyArn }, partSize: DEFAULT_PART_SIZE, queueSize: 4 }).done(),
    );
    const ccUpload = await timed(() => producer.send(generatedStream(LARGE)));
    const drain = async (stream: Readable) => {
      let n = 0;
      for await (const chunk of stream) n += chunk.length;
      return n;
    };
    const rawDownload = await timed(async () => drain((await s3.send(new GetObjectCommand({ Bucket: large.config.bucketName, Key: "raw/large" }))).Body as Readable));
    const consumer = new ClaimCheckConsumer({ ...large.connection, config: large.config, waitTimeSeconds: 1, visibilityTimeoutSeconds: 300 });
    const ccDownload = await timed(() => consumer.poll(async (claim) => void (await drain(await claim.stream()))));
    row("(b) raw lib-storage Upload", `${mbps(LARGE, rawUpload.ms).toFixed(1)} MB/s`);
    row("(b) claim check upload (+SHA-256, +claim)", `${mbps(LARGE, ccUpload.ms).toFixed(1)} MB/s`);
    row("(b) raw GetObject", `${mbps(LARGE, rawDownload.ms).toFixed(1)} MB/s`);
    row("(b) claim check download (+verify)", `${mbps(LARGE, ccDownload.ms).toFixed(1)} MB/s`);

    const huge = await createLocalClaimCheck(emulator.endpoint, { name: "bench-huge" });
    const child = JSON.parse(
      execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "bench/stream-1gib.ts"), JSON.stringify(huge)], {
        encoding: "utf8",
        maxBuffer: 1024 * 1024,
        env: { ...process.env, NODE_NO_WARNINGS: "1" },
      }),
    );
    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
    row("(c) 1 GiB streamed up and down", `peak RSS ${mib(child.peak)} (baseline ${mib(child.baseline)}), up ${mbps(child.size, child.uploadMs).toFixed(0)} MB/s, down ${mbps(child.downloaded, child.downloadMs).toFixed(0)} MB/s`);

    const width = Math.max(...rows.map((r) => r.name.length));
    console.log(`\n${"measure".padEnd(width)} | result`);
    console.log(`${"-".repeat(width)}-|-${"-".repeat(60)}`);
    for (const r of rows) console.log(`${r.name.padEnd(width)} | ${r.value}`);
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    console.log(
      `\nratios: inline/raw throughput ${ratio(raw.wallMs, inline.wallMs)}, via-S3/raw throughput ${ratio(raw.wallMs, offloaded.wallMs)}, ` +
        `via-S3/raw p50 latency ${ratio(percentile(offloaded.latencies, 50), percentile(raw.latencies, 50))}, ` +
        `upload claim-check/raw ${ratio(rawUpload.ms, ccUpload.ms)}, download claim-check/raw ${ratio(rawDownload.ms, ccDownload.ms)}, ` +
        `peak RSS for 1 GiB ${mib(child.peak)} (${ratio(child.peak, child.size)} of the payload)`,
    );
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
