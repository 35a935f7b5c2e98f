import { Readable } from "node:stream";
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  ChecksumMismatchError,
  ClaimSendError,
  MalformedClaimError,
  Outcome,
  PayloadMissingError,
  ReceivedClaim,
  S3Claim,
} from "../../client";
import { claimCheck, consumerFor, objectKeys, producerFor, receiveAll, recordCommands, statuses, useEmulator } from "./support";

const { emulator } = useEmulator();

test("a handler that throws leaves the message; after maxReceiveCount receives it is in the DLQ", async () => {
  const local = await claimCheck(emulator(), { maxReceiveCount: 2, visibilityTimeoutSeconds: 0 });
  const producer = producerFor(local, { alwaysOffload: true });
  const { messageId } = await producer.send("order");
  const consumer = consumerFor(local);
  const failing = async () => {
    throw new Error("payment service down");
  };
  const first = await consumer.poll(failing);
  const second = await consumer.poll(failing);
  expect([...first, ...second].map((o) => [o.status, o.deleted, o.error?.message])).toEqual([
    ["handler-failed", false, "payment service down"],
    ["handler-failed", false, "payment service down"],
  ]);
  expect(await consumer.poll(failing)).toEqual([]); // the third receive moves it
  expect(await receiveAll(producer.sqs, local.dlqUrl)).toEqual([messageId]);
  expect(await objectKeys(local, producer.s3)).toHaveLength(1); // the payload is still there for the DLQ
});

test("a missing payload is left for the DLQ by default", async () => {
  const local = await claimCheck(emulator(), { maxReceiveCount: 1, visibilityTimeoutSeconds: 0 });
  const producer = producerFor(local, { alwaysOffload: true });
  const { claim, messageId } = await producer.send("order");
  await producer.s3.send(new DeleteObjectCommand({ Bucket: local.config.bucketName, Key: (claim as S3Claim).s3_key }));
  let called = false;
  const [outcome] = await consumerFor(local).poll(async () => void (called = true));
  expect(outcome).toMatchObject({ status: "payload-missing", deleted: false });
  expect(outcome.error).toBeInstanceOf(PayloadMissingError);
  expect(called).toBe(false);
  expect(await consumerFor(local).poll(async () => undefined)).toEqual([]);
  expect(await receiveAll(producer.sqs, local.dlqUrl)).toEqual([messageId]);
});

test("a missing payload is dropped and reported with onMissingPayload: drop", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 0 });
  const producer = producerFor(local, { alwaysOffload: true });
  const { claim } = await producer.send("order");
  await producer.s3.send(new DeleteObjectCommand({ Bucket: local.config.bucketName, Key: (claim as S3Claim).s3_key }));
  const reported: Outcome[] = [];
  const outcomes = await consumerFor(local, { onMissingPayload: "drop", onOutcome: (o) => reported.push(o) }).poll(async () => undefined);
  expect(statuses(outcomes)).toEqual(["dropped-missing-payload"]);
  expect(reported).toEqual(outcomes);
  expect(await receiveAll(producer.sqs, local.config.queueUrl)).toEqual([]);
});

test("a payload that no longer matches its checksum is not handed over, and the message stays", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 0 });
  const producer = producerFor(local, { alwaysOffload: true });
  const { claim, messageId } = await producer.send("original order");
  await producer.s3.send(new PutObjectCommand({ Bucket: local.config.bucketName, Key: (claim as S3Claim).s3_key, Body: "tampered order" }));
  const processed: string[] = [];
  const [outcome] = await consumerFor(local).poll(async (c) => void processed.push(await c.text()));
  expect(outcome).toMatchObject({ status: "checksum-mismatch", deleted: false });
  expect(outcome.error).toBeInstanceOf(ChecksumMismatchError);
  expect(processed).toEqual([]);
  expect(await receiveAll(producer.sqs, local.config.queueUrl)).toEqual([messageId]);
});

test.each([
  ["bytes", (c: ReceivedClaim) => c.bytes()],
  ["text", (c: ReceivedClaim) => c.text()],
  ["json", (c: ReceivedClaim) => c.json()],
  ["stream", async (c: ReceivedClaim) => (await c.stream()).toArray()],
] as const)("an inline payload changed in the message is caught by %s(): nothing is handed over, the message is kept", async (_, read) => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 0 });
  const producer = producerFor(local);
  const { claim } = await producer.send(JSON.stringify({ order: 1 }));
  expect(claim).toHaveProperty("inline");
  // Same length, other bytes: only the SHA-256 tells them apart.
  const tampered = { ...claim, inline: { encoding: "base64", data: Buffer.from(JSON.stringify({ order: 2 })).toString("base64") } };
  const { MessageId } = await producer.sqs.send(
    new SendMessageCommand({ QueueUrl: local.config.queueUrl, MessageBody: JSON.stringify(tampered) }),
  );
  // The producer's own message, untouched, is processed beside it.
  const handed: unknown[] = [];
  const outcomes = await consumerFor(local, { visibilityTimeoutSeconds: 30 }).poll(async (c) => void handed.push(await read(c)));
  expect(outcomes.map((o) => [o.messageId === MessageId, o.status, o.deleted]).sort()).toEqual([
    [false, "processed", true],
    [true, "checksum-mismatch", false],
  ]);
  expect(outcomes.find((o) => o.messageId === MessageId)!.error).toBeInstanceOf(ChecksumMismatchError);
  expect(handed).toHaveLength(1);
});

test.each([
  ["not JSON", "order 42"],
  ["JSON that is not a claim", JSON.stringify({ s3_bucket: "b" })],
  [
    "a claim with a bad checksum field",
    JSON.stringify({
      schema_version: "1.0",
      s3_bucket: "bucket",
      s3_key: "k",
      size: 1,
      sha256: "xyz",
      content_type: "t",
      metadata: { submitted_by: "a", timestamp: "2026-11-21T00:00:00Z" },
    }),
  ],
])("a malformed message (%s) is not processed, is reported, and stays for the DLQ", async (_name, body) => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 0 });
  const producer = producerFor(local);
  await producer.sqs.send(new SendMessageCommand({ QueueUrl: local.config.queueUrl, MessageBody: body }));
  let called = false;
  const [outcome] = await consumerFor(local).poll(async () => void (called = true));
  expect(outcome).toMatchObject({ status: "malformed", deleted: false });
  expect(outcome.error).toBeInstanceOf(MalformedClaimError);
  expect((outcome.error as MalformedClaimError).problems.length).toBeGreaterThan(0);
  expect(called).toBe(false);
});

test("when the send fails after the upload, the error names the stored object, which is left to the expiry rule", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local, {
    alwaysOffload: true,
    config: { ...local.config, queueUrl: `${local.config.queueUrl}-does-not-exist` },
  });
  const error = await producer.send("order").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClaimSendError);
  const { bucket, key } = error as ClaimSendError;
  expect(bucket).toBe(local.config.bucketName);
  expect(await objectKeys(local, producer.s3)).toEqual([key]);
});

test("cleanup: delete removes the payload only after its message is deleted", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("order");
  const consumer = consumerFor(local, { cleanup: "delete" });
  const order = recordCommands(consumer.sqs, consumer.s3);
  expect(statuses(await consumer.poll(async (c) => void (await c.bytes())))).toEqual(["processed"]);
  expect(order.indexOf("DeleteObjectCommand")).toBeGreaterThan(order.indexOf("DeleteMessageCommand"));
  expect(await objectKeys(local, producer.s3)).toEqual([]);
});

test("a long handler keeps its message invisible: no other consumer gets it meanwhile", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 1 });
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("slow order");
  const other = consumerFor(local);
  const duplicates: string[] = [];
  const outcomes = await consumerFor(local).poll(async (c) => {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 500)); // 2.5 s in all: more than twice the visibility timeout
      const seen = await other.poll(async (d) => void duplicates.push(d.messageId));
      expect(seen).toEqual([]);
    }
    await c.bytes();
  });
  expect(statuses(outcomes)).toEqual(["processed"]);
  expect(duplicates).toEqual([]);
}, 30_000);

test("run processes claims until aborted, stops at once mid-poll, and survives a failing poll", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local);
  const errors: Error[] = [];
  let failNext = true;
  const consumer = consumerFor(local, { waitTimeSeconds: 20, onPollError: (e) => errors.push(e) });
  consumer.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "ReceiveMessageCommand" && failNext) {
        failNext = false;
        throw new Error("throttled");
      }
      return next(args);
    },
    { step: "initialize" },
  );
  const controller = new AbortController();
  const seen: string[] = [];
  const running = consumer.run(async (c) => {
    seen.push(await c.text());
    if (seen.length === 3) setTimeout(() => controller.abort(), 100); // abort while the next 20 s poll waits
  }, controller.signal);
  await producer.sendBatch(["a", "b", "c"]);
  const started = Date.now();
  await running;
  expect(seen.sort()).toEqual(["a", "b", "c"]);
  expect(errors.map((e) => e.message)).toEqual(["throttled"]);
  expect(Date.now() - started).toBeLessThan(10_000);
}, 30_000);

test("a batch reports each payload's own result: a failed upload, and claims that could not be sent", async () => {
  const { Readable } = await import("node:stream");
  const local = await claimCheck(emulator());
  const broken = new Readable({
    read() {
      this.destroy(new Error("disk read failed"));
    },
  });
  const good = await producerFor(local).sendBatch(["first", broken, "third"]);
  expect(good.map((r) => (r instanceof Error ? r.message : "sent"))).toEqual(["sent", "disk read failed", "sent"]);

  const unreachable = producerFor(local, { alwaysOffload: true, config: { ...local.config, queueUrl: `${local.config.queueUrl}-gone` } });
  const results = await unreachable.sendBatch(["a", "b"]);
  expect(results.every((r) => r instanceof ClaimSendError)).toBe(true);
  const keys = (results as ClaimSendError[]).map((r) => r.key).sort();
  expect((await objectKeys(local, unreachable.s3)).filter((k) => keys.includes(k))).toEqual(keys);
});

test("an onOutcome that throws costs no message its outcome: the poll resolves with all of them and a warning names the message", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 30 });
  const producer = producerFor(local);
  await producer.send("first");
  await producer.send("second");
  const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  try {
    const outcomes = await consumerFor(local, {
      onOutcome: () => {
        throw new Error("bug in onOutcome");
      },
    }).poll(async () => undefined);
    expect(statuses(outcomes)).toEqual(["processed", "processed"]);
    // One warning per message, in the order the messages finished (not necessarily the order received).
    expect(warn.mock.calls.map(([message, type]) => [type, String(message).split("\n")[0]]).sort()).toEqual(
      outcomes.map((o) => ["ClaimCheckWarning", `onOutcome threw for message ${o.messageId}: Error: bug in onOutcome`]).sort(),
    );
  } finally {
    warn.mockRestore();
  }
});

test("a stream the handler opened and left unread is closed when the handler ends: it holds no socket", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("order");
  let opened: Readable | undefined;
  const consumer = consumerFor(local);
  const responses: Readable[] = [];
  consumer.s3.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      responses.push((result.output as { Body: Readable }).Body);
      return result;
    },
    { step: "initialize" },
  );
  const outcomes = await consumer.poll(async (c) => void (opened = await c.stream()));
  expect(statuses(outcomes)).toEqual(["processed"]);
  expect(opened!.destroyed).toBe(true);
  expect(responses.map((body) => body.destroyed)).toEqual([true]); // the S3 response, and so its socket
});

test("run() ends at once when aborted while it waits to poll again after a failed poll", async () => {
  const local = await claimCheck(emulator());
  const consumer = consumerFor(local);
  consumer.sqs.middlewareStack.add(
    () => async () => {
      throw Object.assign(new Error("connection refused"), { name: "NetworkingError" });
    },
    { step: "initialize" },
  );
  const controller = new AbortController();
  let abortedAt = 0;
  const running = consumer.run(async () => undefined, controller.signal);
  await new Promise<void>((resolve) =>
    setTimeout(() => {
      abortedAt = Date.now();
      controller.abort();
      resolve();
    }, 200),
  );
  await running;
  expect(Date.now() - abortedAt).toBeLessThan(600); // it waited out the whole second before
});

test("an onPollError that throws does not end run(): it polls again, and the error is a warning", async () => {
  const local = await claimCheck(emulator());
  const consumer = consumerFor(local, {
    onPollError: () => {
      throw new Error("bug in onPollError");
    },
  });
  let receives = 0;
  consumer.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "ReceiveMessageCommand" && ++receives === 1)
        throw Object.assign(new Error("connection reset"), { name: "NetworkingError" });
      return next(args);
    },
    { step: "initialize" },
  );
  const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  const controller = new AbortController();
  try {
    const running = consumer.run(async () => undefined, controller.signal);
    const ended = running.then(
      () => "resolved",
      (error: Error) => `rejected: ${error.message}`,
    );
    // Until the second poll starts, or the run ends early.
    for (let i = 0; i < 60 && receives < 2; i++) await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 50))]);
    controller.abort();
    expect(await ended).toBe("resolved");
    expect(receives).toBeGreaterThanOrEqual(2);
    expect(warn.mock.calls.map(([message, type]) => [type, String(message).split("\n")[0]])).toEqual([
      ["ClaimCheckWarning", "onPollError threw for a failed poll: Error: bug in onPollError"],
    ]);
  } finally {
    warn.mockRestore();
  }
}, 10_000);
