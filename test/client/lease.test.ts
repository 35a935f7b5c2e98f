import { GetObjectTaggingCommand } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { LeaseLostError, S3Claim } from "../../client";
import { claimCheck, consumerFor, objectKeys, producerFor, receiveAll, recordCommands, statuses, useEmulator } from "./support";
import { setTimeout as sleep } from "node:timers/promises";

const { emulator } = useEmulator();

test("cleanup delete: a failed heartbeat loses the lease; the payload is kept for the redelivered message", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 2 });
  const producer = producerFor(local, { alwaysOffload: true });
  const { messageId } = await producer.send("order");
  const consumer = consumerFor(local, { cleanup: "delete" });
  consumer.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "ChangeMessageVisibilityCommand")
        throw Object.assign(new Error("connection reset"), { name: "NetworkingError" });
      return next(args);
    },
    { step: "initialize" },
  );
  let redelivered: string[] = [];
  let abortedBy: unknown;
  const [outcome] = await consumer.poll(async (c) => {
    c.signal.addEventListener("abort", () => (abortedBy = c.signal.reason)); // asked for before the lease is lost
    await sleep(2500); // the visibility lapses: another consumer receives the message meanwhile
    redelivered =
      (
        await producer.sqs.send(new ReceiveMessageCommand({ QueueUrl: local.config.queueUrl, VisibilityTimeout: 5, WaitTimeSeconds: 0 }))
      ).Messages?.map((m) => m.MessageId!) ?? [];
  });
  expect(redelivered).toEqual([messageId]);
  expect(String(abortedBy)).toContain("lease lost: extending its visibility failed");
  expect(outcome).toMatchObject({ status: "lease-lost", deleted: false });
  expect(outcome.error).toBeInstanceOf(LeaseLostError);
  expect(outcome.error!.message).toContain("extending its visibility failed: NetworkingError: connection reset");
  expect(await objectKeys(local, producer.s3)).toHaveLength(1); // the redelivered message still has its payload
}, 30_000);

test("a visibility timeout of 1 s is kept by the heartbeat: no redelivery during a 2 s handler, then the payload goes", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 1 });
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("slow order");
  const seenByOthers: string[] = [];
  const outcomes = await consumerFor(local, { cleanup: "delete" }).poll(async (c) => {
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      seenByOthers.push(...(await receiveAll(producer.sqs, local.config.queueUrl)));
    }
    await c.bytes();
  });
  expect(seenByOthers).toEqual([]);
  expect(statuses(outcomes)).toEqual(["processed"]);
  expect(await objectKeys(local, producer.s3)).toEqual([]);
}, 30_000);

test("a lease that lapsed without a heartbeat failure is reported, and the payload is kept", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 1 });
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("order");
  // The consumer believes the timeout is 0 s, so it has no time to extend: the lease is never held.
  const [outcome] = await consumerFor(local, { cleanup: "delete", visibilityTimeoutSeconds: 0 }).poll(async () => undefined);
  expect(outcome.status).toBe("lease-lost");
  expect(await objectKeys(local, producer.s3)).toHaveLength(1);
});

/** Makes every call of one command wait: forever (a stalled endpoint), or for `ms` before it goes out. */
const stall = (client: { middlewareStack: SQSClient["middlewareStack"] }, command: string, ms = Infinity) =>
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === command) await (ms === Infinity ? new Promise(() => undefined) : sleep(ms));
      return next(args);
    },
    { step: "initialize" },
  );

test("a lease that runs out (its extension never answered) aborts the handler's signal at the deadline", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 1 });
  await producerFor(local).send("order");
  const consumer = consumerFor(local);
  stall(consumer.sqs, "ChangeMessageVisibilityCommand");
  const started = Date.now();
  let abortedAfter = -1;
  let reason = "";
  const [outcome] = await consumer.poll(async (c) => {
    await Promise.race([new Promise((resolve) => c.signal.addEventListener("abort", resolve)), sleep(6000)]);
    abortedAfter = c.signal.aborted ? Date.now() - started : -1;
    reason = String(c.signal.reason);
  });
  // The lease is kept with a safety margin (20% of 1 s): it is over after 0.8 s.
  expect(abortedAfter).toBeGreaterThanOrEqual(750);
  expect(abortedAfter).toBeLessThan(2000);
  expect(reason).toMatch(/lease lost: the visibility timeout \(1 s\) ran out without an extension/);
  expect(outcome).toMatchObject({ status: "lease-lost", deleted: false });
}, 30_000);

test("the lease is kept while the payload downloads: a GetObject slower than the visibility timeout still ends processed", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 1 });
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("order");
  const consumer = consumerFor(local, { cleanup: "delete" });
  stall(consumer.s3 as unknown as SQSClient, "GetObjectCommand", 1600);
  const seenByOthers: string[] = [];
  const watching = (async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      seenByOthers.push(...(await receiveAll(producer.sqs, local.config.queueUrl)));
    }
  })();
  const outcomes = await consumer.poll(async (c) => void (await c.text()));
  await watching;
  expect(statuses(outcomes)).toEqual(["processed"]);
  expect(seenByOthers).toEqual([]);
  expect(await objectKeys(local, producer.s3)).toEqual([]);
}, 30_000);

test("a lease lost while the payload downloads reaches the handler as an aborted signal; the payload is kept", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 1 });
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("order");
  const consumer = consumerFor(local, { cleanup: "delete" });
  stall(consumer.sqs, "ChangeMessageVisibilityCommand");
  stall(consumer.s3 as unknown as SQSClient, "GetObjectCommand", 1200);
  let abortedAtStart: boolean | undefined;
  const [outcome] = await consumer.poll(async (c) => void (abortedAtStart = c.signal.aborted));
  expect(abortedAtStart).toBe(true);
  expect(outcome).toMatchObject({ status: "lease-lost", deleted: false });
  expect(await objectKeys(local, producer.s3)).toHaveLength(1);
}, 30_000);

test('cleanup "tag" tags the payload ClaimCheckState=consumed after its message is deleted, and keeps it', async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local, { alwaysOffload: true });
  const { claim } = await producer.send("order");
  const consumer = consumerFor(local, { cleanup: "tag" });
  const order = recordCommands(consumer.sqs, consumer.s3);
  expect(statuses(await consumer.poll(async (c) => void (await c.bytes())))).toEqual(["processed"]);
  expect(order.indexOf("PutObjectTaggingCommand")).toBeGreaterThan(order.indexOf("DeleteMessageCommand"));
  const { TagSet } = await producer.s3.send(
    new GetObjectTaggingCommand({ Bucket: local.config.bucketName, Key: (claim as S3Claim).s3_key }),
  );
  expect(TagSet).toEqual([{ Key: "ClaimCheckState", Value: "consumed" }]);
  expect(await objectKeys(local, producer.s3)).toHaveLength(1);
});

test("visibilityTimeoutSeconds is the lease SQS grants on receive, not only an assumption about the queue", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 1 });
  const producer = producerFor(local, { alwaysOffload: true });
  await producer.send("order");
  const seenByOthers: string[] = [];
  const outcomes = await consumerFor(local, { cleanup: "delete", visibilityTimeoutSeconds: 5 }).poll(async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(500); // 1.5 s in all: past the queue's own 1 s
      seenByOthers.push(...(await receiveAll(producer.sqs, local.config.queueUrl)));
    }
  });
  expect(seenByOthers).toEqual([]);
  expect(statuses(outcomes)).toEqual(["processed"]);
}, 30_000);

/** Makes every answer to one command arrive `ms` late (the request itself goes out at once). */
const delayAnswers = (client: SQSClient, command: string, ms: number) =>
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === command) await sleep(ms);
      return result;
    },
    { step: "initialize" },
  );

test("a slow extension does not end the heartbeat: the next is timed from when the last was sent", async () => {
  // 2 s: held for 1.6 s from each extension's sending, a beat every 533 ms. An answer 1.2 s late would put
  // the next beat, timed from the answer, past the deadline; timed from the sending, it goes at once.
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 2 });
  const producer = producerFor(local);
  await producer.send("slow order");
  const consumer = consumerFor(local);
  delayAnswers(consumer.sqs, "ChangeMessageVisibilityCommand", 1200);
  const seenByOthers: string[] = [];
  const outcomes = await consumer.poll(async () => {
    for (let i = 0; i < 5; i++) {
      await sleep(500);
      seenByOthers.push(...(await receiveAll(producer.sqs, local.config.queueUrl)));
    }
  });
  expect(seenByOthers).toEqual([]);
  expect(statuses(outcomes)).toEqual(["processed"]);
}, 30_000);

test("an extension still under way when the handler ends is settled first: none goes out after the delete, and it cannot make a processed message lease-lost", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 2 });
  await producerFor(local).send("order");
  const consumer = consumerFor(local, { cleanup: "delete" });
  const sent: string[] = [];
  consumer.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      // The extension starts at the first beat (533 ms) and reaches the wire 100 ms later, after the handler ended.
      if (context.commandName === "ChangeMessageVisibilityCommand") await sleep(100);
      sent.push(context.commandName as string);
      return next(args);
    },
    { step: "initialize" },
  );
  delayAnswers(consumer.sqs, "DeleteMessageCommand", 300);
  const outcomes = await consumer.poll(async () => void (await sleep(560)));
  expect(statuses(outcomes)).toEqual(["processed"]);
  expect(sent.slice(sent.indexOf("DeleteMessageCommand"))).toEqual(["DeleteMessageCommand"]);
}, 30_000);

test("an extension on the wire when the handler ends is waited for, not thrown away: its answer keeps a slow delete's message processed", async () => {
  // 2 s: held for 1.6 s from each extension's sending. Extensions answer 700 ms late, as over a slow link (an
  // abort discards the answer, as the SDK's HTTP handler does); the delete answers 500 ms late.
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 2 });
  await producerFor(local).send("order");
  const consumer = consumerFor(local);
  const handler = consumer.sqs.config.requestHandler as unknown as {
    handle: (request: { headers: Record<string, string> }, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;
  };
  const original = handler.handle.bind(handler);
  handler.handle = async (request, options) => {
    const result = await original(request, options); // SQS has done it; the answer is on its way
    const target = request.headers["x-amz-target"] ?? "";
    const late = target.endsWith("ChangeMessageVisibility") ? 700 : target.endsWith("DeleteMessage") ? 500 : 0;
    if (late > 0) await sleep(late, undefined, { signal: options?.abortSignal });
    return result;
  };
  // Extensions go at 533 ms (answered at 1233) and at 1233 (answered at 1933); the handler ends at 1900.
  const outcomes = await consumer.poll(async () => void (await sleep(1900)));
  expect(statuses(outcomes)).toEqual(["processed"]);
}, 30_000);
