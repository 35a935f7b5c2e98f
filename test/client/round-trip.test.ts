import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { isInline, parseClaimMessage, S3Claim } from "../../client";
import { claimCheck, consumerFor, generatedStream, objectKeys, producerFor, recordRequests, statuses, useEmulator } from "./support";

const { emulator } = useEmulator();
const ORDER = { orderId: "ord-1001", customer: "c-42", items: [{ sku: "sku-1", qty: 2 }], total: 59.9 };

test("a payload goes to S3 under payloads/YYYY-MM-DD/<uuid> with SSE-KMS, and comes back verified", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local, { alwaysOffload: true, now: () => new Date("2026-11-21T10:00:00Z") });
  const requests = recordRequests(producer.s3);
  const { claim, messageId } = await producer.send(JSON.stringify(ORDER), {
    contentType: "application/json",
    metadata: { tenant: "acme" },
  });

  const s3Claim = claim as S3Claim;
  expect(s3Claim.s3_key).toMatch(/^payloads\/2026-11-21\/[0-9a-f-]{36}$/);
  expect(s3Claim).toMatchObject({
    schema_version: "1.0",
    s3_bucket: local.config.bucketName,
    size: Buffer.byteLength(JSON.stringify(ORDER)),
    sha256: createHash("sha256").update(JSON.stringify(ORDER)).digest("hex"),
    content_type: "application/json",
    metadata: { submitted_by: "orders-api", timestamp: "2026-11-21T10:00:00.000Z", tenant: "acme" },
  });
  const put = requests.find((r) => r.command === "PutObjectCommand")!;
  expect(put.headers["x-amz-server-side-encryption"]).toBe("aws:kms");
  expect(put.headers["x-amz-server-side-encryption-aws-kms-key-id"]).toBe(local.config.kmsKeyArn);

  const received: unknown[] = [];
  const outcomes = await consumerFor(local).poll(async (c) => {
    expect(c.messageId).toBe(messageId);
    expect(c.claim).toEqual(claim);
    received.push(await c.json());
  });
  expect(statuses(outcomes)).toEqual(["processed"]);
  expect(received).toEqual([ORDER]);
  expect(await objectKeys(local, producer.s3)).toEqual([s3Claim.s3_key]); // cleanup "none": the expiry rule removes it
});

test("a small payload travels inline: no object is written", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local);
  const { claim } = await producer.send(Buffer.from("tiny"), { contentType: "application/octet-stream" });
  expect(isInline(claim)).toBe(true);
  expect(producer.inlineThreshold).toBe(Math.floor(((1_048_576 - 4096) * 3) / 4));
  expect(await objectKeys(local, producer.s3)).toEqual([]);
  const texts: string[] = [];
  expect(statuses(await consumerFor(local).poll(async (c) => void texts.push(await c.text())))).toEqual(["processed"]);
  expect(texts).toEqual(["tiny"]);
});

test("a payload just over the threshold goes through S3, and the inline message stays under the queue limit", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local);
  const atLimit = await producer.send(Buffer.alloc(producer.inlineThreshold, 1));
  expect(isInline(atLimit.claim)).toBe(true);
  expect(Buffer.byteLength(JSON.stringify(atLimit.claim))).toBeLessThanOrEqual(local.config.maxMessageSize);
  const over = await producer.send(Buffer.alloc(producer.inlineThreshold + 1, 1));
  expect(isInline(over.claim)).toBe(false);
});

test("50 MB streams up in parts of at most 10 MiB with progress, and streams down verified", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local);
  const requests = recordRequests(producer.s3);
  const size = 50 * 1024 * 1024;
  const progress: number[] = [];
  const { claim } = await producer.send(generatedStream(size), { onProgress: (p) => progress.push(p.loaded) });

  expect(claim.size).toBe(size);
  expect(claim.sha256).toBe(
    createHash("sha256")
      .update(await streamToBuffer(generatedStream(size)))
      .digest("hex"),
  );
  const create = requests.find((r) => r.command === "CreateMultipartUploadCommand")!;
  expect(create.headers["x-amz-server-side-encryption"]).toBe("aws:kms");
  const parts = requests.filter((r) => r.command === "UploadPartCommand");
  expect(parts.length).toBe(5);
  for (const part of parts) expect(Number(part.headers["content-length"])).toBeLessThanOrEqual(10 * 1024 * 1024);
  expect(progress.length).toBeGreaterThanOrEqual(5);
  expect(Math.max(...progress)).toBe(size);

  const head = await producer.s3.send(new HeadObjectCommand({ Bucket: local.config.bucketName, Key: (claim as S3Claim).s3_key }));
  expect(head.ContentLength).toBe(size);

  let streamed = 0;
  const hash = createHash("sha256");
  const outcomes = await consumerFor(local).poll(async (c) => {
    for await (const chunk of await c.stream()) {
      streamed += chunk.length;
      hash.update(chunk);
    }
  });
  expect(statuses(outcomes)).toEqual(["processed"]);
  expect({ streamed, sha256: hash.digest("hex") }).toEqual({ streamed: size, sha256: claim.sha256 });
}, 120_000);

test("files are streamed from disk", async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const { fromFile } = await import("../../client");
  const dir = mkdtempSync(join(tmpdir(), "claim-file-"));
  try {
    const path = join(dir, "order.json");
    writeFileSync(path, JSON.stringify(ORDER));
    const local = await claimCheck(emulator());
    const { claim } = await producerFor(local, { alwaysOffload: true }).send(fromFile(path), { contentType: "application/json" });
    expect(claim.size).toBe(Buffer.byteLength(JSON.stringify(ORDER)));
    const got: unknown[] = [];
    await consumerFor(local).poll(async (c) => void got.push(await c.json()));
    expect(got).toEqual([ORDER]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the claim on the queue is valid against the published JSON Schema", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("x");
  const { ReceiveMessageCommand } = await import("@aws-sdk/client-sqs");
  const { Messages = [] } = await producer.sqs.send(new ReceiveMessageCommand({ QueueUrl: local.config.queueUrl, WaitTimeSeconds: 0 }));
  expect(() => parseClaimMessage(Messages[0].Body)).not.toThrow();
});

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
