import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { ClaimCheckConsumer, ClaimCheckProducer, Outcome, PayloadAccessDeniedError, PayloadUploadError, S3Claim } from "../../client";
import { LOCAL_CREDENTIALS } from "../../scripts/local/local-claim-check";
import { answerWith, S3_ACCESS_DENIED, stalledEndpoint } from "./faults";
import { claimCheck, consumerFor, generatedStream, objectKeys, producerFor, receiveAll, useEmulator } from "./support";
import { setTimeout as sleep } from "node:timers/promises";

const { emulator } = useEmulator();

describe("S3's 403 (AWS's answer without s3:ListBucket, or a denied key) is its own outcome", () => {
  test("access-denied, the handler never runs, and the message stays for the DLQ", async () => {
    const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 0 });
    const producer = producerFor(local, { alwaysOffload: true });
    const { messageId } = await producer.send("order");
    const consumer = consumerFor(local);
    answerWith(consumer.s3, (request) => (request.method === "GET" || request.method === "HEAD" ? S3_ACCESS_DENIED : undefined));
    let handled = false;
    const [outcome] = await consumer.poll(async () => void (handled = true));
    expect(outcome).toMatchObject({ messageId, status: "access-denied", deleted: false });
    expect(outcome.error).toBeInstanceOf(PayloadAccessDeniedError);
    expect(outcome.error!.message).toMatch(/access to payload s3:\/\/.+ was denied \(HTTP 403\)/);
    expect(handled).toBe(false);
    expect(await receiveAll(producer.sqs, local.config.queueUrl)).toEqual([messageId]);
  });
});

describe("one claim's failure never takes the others' outcomes", () => {
  test("poll gives every message exactly one outcome when one payload's S3 call fails", async () => {
    const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 5 });
    const producer = producerFor(local, { alwaysOffload: true });
    const broken = (await producer.send("broken order")).claim as S3Claim;
    await producer.send("good order 1");
    await producer.send("good order 2");
    const consumer = consumerFor(local);
    consumer.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if ((args.input as { Key?: string }).Key === broken.s3_key && context.commandName === "GetObjectCommand")
          throw Object.assign(new Error("socket hang up"), { name: "NetworkingError" });
        return next(args);
      },
      { step: "initialize" },
    );
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 5 && outcomes.length < 3; i++) outcomes.push(...(await consumer.poll(async (c) => void (await c.text()), 0)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(["failed", "processed", "processed"]);
    expect(outcomes.find((o) => o.status === "failed")!.error!.message).toBe("socket hang up");
  });

  test("run never starts a poll while its handlers still run, even when a claim fails", async () => {
    const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 30 });
    const producer = producerFor(local, { alwaysOffload: true });
    const broken = (await producer.send("broken")).claim as S3Claim;
    await producer.send("slow");
    const consumer = consumerFor(local, { waitTimeSeconds: 1, onPollError: () => undefined });
    consumer.s3.middlewareStack.add(
      (next) => async (args) => {
        if ((args.input as { Key?: string }).Key === broken.s3_key)
          throw Object.assign(new Error("internal error"), { name: "InternalError" });
        return next(args);
      },
      { step: "initialize" },
    );
    let running = 0;
    let overlaps = 0;
    consumer.sqs.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "ReceiveMessageCommand" && running > 0) overlaps++;
        return next(args);
      },
      { step: "initialize" },
    );
    const controller = new AbortController();
    const done = consumer.run(async (c) => {
      running++;
      await c.text();
      await sleep(1200); // outlasts the failed claim's handling by far: a poll started meanwhile would be counted
      running--;
    }, controller.signal);
    await sleep(2000);
    controller.abort();
    await done;
    expect(overlaps).toBe(0);
  }, 20_000);
});

describe("a stalled endpoint fails within the timeout, and an abort signal ends a stuck call", () => {
  let stalled: Awaited<ReturnType<typeof stalledEndpoint>>;
  beforeAll(async () => (stalled = await stalledEndpoint()));
  afterAll(() => stalled.close());
  const config = {
    bucketName: "b-stalled",
    payloadPrefix: "payloads/",
    queueUrl: "http://127.0.0.1:1/000000000000/q",
    kmsKeyArn: "arn:aws:kms:us-east-1:0:key/k",
    maxMessageSize: 1_048_576,
  };
  const connection = () => ({ endpoint: stalled.endpoint, region: "us-east-1", credentials: LOCAL_CREDENTIALS });

  test("the producer's send and the consumer's poll time out", async () => {
    const started = Date.now();
    const producer = new ClaimCheckProducer({
      ...connection(),
      config: { ...config, queueUrl: `${stalled.endpoint}/000000000000/q` },
      submittedBy: "t",
      socketTimeoutMs: 300,
    });
    await expect(producer.send("order")).rejects.toThrow(/timed? ?out|timeout/i);
    const consumer = new ClaimCheckConsumer({
      ...connection(),
      config: { ...config, queueUrl: `${stalled.endpoint}/000000000000/q` },
      socketTimeoutMs: 300,
    });
    await expect(consumer.poll(async () => undefined, 0)).rejects.toThrow(/timed? ?out|timeout/i);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  test("an abort signal ends a send and a poll at once", async () => {
    const producer = new ClaimCheckProducer({
      ...connection(),
      config: { ...config, queueUrl: `${stalled.endpoint}/000000000000/q` },
      submittedBy: "t",
      alwaysOffload: true,
    });
    const consumer = new ClaimCheckConsumer({
      ...connection(),
      config: { ...config, queueUrl: `${stalled.endpoint}/000000000000/q` },
      visibilityTimeoutSeconds: 30,
    });
    const started = Date.now();
    await expect(producer.send("order", { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    await expect(consumer.poll(async () => undefined, 1, AbortSignal.timeout(200))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
  }, 20_000);
});

test("a failed multipart upload reports S3's own error, naming bucket and key, and leaves no object", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local);
  let parts = 0;
  answerWith(producer.s3, (request) => (request.query.partNumber !== undefined && ++parts === 2 ? S3_ACCESS_DENIED : undefined));
  const error = await producer.send(generatedStream(25 * 1024 * 1024)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PayloadUploadError);
  const { bucket, key } = error as PayloadUploadError;
  expect(bucket).toBe(local.config.bucketName);
  expect(key).toMatch(/^payloads\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}$/);
  expect((error as Error).message).toBe(`upload of payload s3://${bucket}/${key} failed: AccessDenied: Access Denied`);
  expect(await objectKeys(local, producer.s3)).toEqual([]);
  expect(await receiveAll(producer.sqs, local.config.queueUrl)).toEqual([]);
}, 30_000);

test("sends through the stalled-endpoint helper really stall without a timeout (control)", async () => {
  // Proves the fault is real: with the SDK's own defaults (no socket timeout), the call is still pending after 0.8 s.
  const stalled = await stalledEndpoint();
  try {
    const { SQSClient } = await import("@aws-sdk/client-sqs");
    const sqs = new SQSClient({ endpoint: stalled.endpoint, region: "us-east-1", credentials: LOCAL_CREDENTIALS });
    const controller = new AbortController();
    const pending = sqs.send(new SendMessageCommand({ QueueUrl: `${stalled.endpoint}/000000000000/q`, MessageBody: "x" }), {
      abortSignal: controller.signal,
    });
    const state = await Promise.race([
      pending.then(
        () => "settled",
        () => "settled",
      ),
      sleep(800).then(() => "pending"),
    ]);
    controller.abort();
    await pending.catch(() => undefined);
    expect(state).toBe("pending");
  } finally {
    await stalled.close();
  }
});

test("a handler that reads its payload only after the socket timeout still gets it (the early response is reopened)", async () => {
  const local = await claimCheck(emulator());
  const size = 8 * 1024 * 1024;
  const { claim } = await producerFor(local).send(generatedStream(size));
  const texts: number[] = [];
  const outcomes = await consumerFor(local, { socketTimeoutMs: 600 }).poll(async (c) => {
    await sleep(1500); // well past the socket timeout: the response opened with the claim has timed out
    texts.push((await c.bytes()).length);
  });
  expect(outcomes.map((o) => [o.status, o.error?.message])).toEqual([["processed", undefined]]);
  expect(texts).toEqual([claim.size]);
}, 30_000);
