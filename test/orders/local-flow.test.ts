import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { CLAIM_SCHEMA_VERSION } from "../../client";
import { makeFailOrderHandler } from "../../apps/orders/functions/fail-order";
import { OrdersRepository } from "../../apps/orders/functions/shared/repository";
import { makeStartExecutionHandler } from "../../apps/orders/functions/start-execution";
import { OrdersLocal, startOrdersLocal } from "../../apps/orders/local";
import { apiClient, eventually, largeOrder, liveSocket, sha256, smallOrder } from "./support/local-client";

jest.setTimeout(60_000);

let local: OrdersLocal;
let alice: Awaited<ReturnType<typeof apiClient>>;
let repository: OrdersRepository;

beforeAll(async () => {
  local = await startOrdersLocal({ logLevel: "SILENT" });
  alice = await apiClient(local, "alice");
  repository = new OrdersRepository(local.deps.ddb, local.resources.tableName);
});
afterAll(() => local?.stop());

const statuses = (messages: Record<string, unknown>[], orderId: string) =>
  messages.filter((m) => m.type === "status" && m.orderId === orderId).map((m) => m.status);
const webhookFor = (orderId: string) =>
  eventually(async () => local.webhooks.deliveries.find((d) => d.orderId === orderId), `a webhook for ${orderId}`);
const objectExists = async (key: string) =>
  local.deps.s3.send(new HeadObjectCommand({ Bucket: local.resources.bucketName, Key: key })).then(
    () => true,
    () => false,
  );

test("a small order is kept inline and reaches COMPLETED, pushed over the WebSocket, with a verified webhook", async () => {
  const live = await liveSocket(local, alice.token);
  const created = await alice.createOrder(smallOrder());
  expect(created.status).toBe(202);
  expect(created.body).toEqual({
    orderId: expect.any(String),
    messageId: expect.any(String),
    status: "RECEIVED",
    links: { self: `/orders/${created.body.orderId}` },
  });
  live.send({ action: "subscribe", messageId: created.body.messageId });
  const subscribed = await live.waitFor((m) => m.type === "subscribed");
  expect(subscribed).toMatchObject({ orderId: created.body.orderId, messageId: created.body.messageId, status: expect.any(String) });
  await live.waitFor((m) => m.type === "status" && m.status === "COMPLETED");

  const order = await alice.waitForTerminal(created.body.orderId);
  expect(order).toMatchObject({ status: "COMPLETED", totalCents: 2500, messageId: created.body.messageId });
  expect(order.history.map((h: { status: string }) => h.status)).toEqual(["RECEIVED", "PROCESSING", "SAVED", "COMPLETED"]);
  const seen = [subscribed.status, ...statuses(live.messages, created.body.orderId)];
  expect(seen).toContain("COMPLETED");
  expect(seen).toContain("SAVED");

  const webhook = await webhookFor(created.body.orderId);
  expect(webhook).toMatchObject({ eventType: "order.completed", status: "COMPLETED", signatureValid: true, attempt: 1 });
  const execution = local.stepFunctions.executions.get(created.body.messageId)!;
  expect(JSON.parse(execution.input).claim.inline).toBeDefined();
  await live.close();
});

test("a large order uploaded with a presigned PUT reaches COMPLETED and its payload is gone afterwards", async () => {
  const document = largeOrder(120_000);
  const digest = sha256(document);
  const presigned = await alice.call("POST", "/presigned-url", {
    contentType: "application/json",
    size: Buffer.byteLength(document),
    sha256: digest,
  });
  expect(presigned.status).toBe(201);
  expect(presigned.body.url.startsWith(`${local.url}/_s3/`)).toBe(true);
  expect(presigned.body.headers).toMatchObject({
    "Content-Type": "application/json",
    "x-amz-server-side-encryption": "aws:kms",
    "x-amz-server-side-encryption-aws-kms-key-id": local.resources.kmsKeyArn,
  });
  const put = await fetch(presigned.body.url, { method: "PUT", headers: presigned.body.headers, body: document });
  expect(put.status).toBe(200);
  expect(put.headers.get("access-control-allow-origin")).toBe(local.url);
  expect(await objectExists(presigned.body.key)).toBe(true);

  const live = await liveSocket(local, alice.token);
  const created = await alice.createOrder({ payloadKey: presigned.body.key, size: Buffer.byteLength(document), sha256: digest });
  expect(created.status).toBe(202);
  live.send({ action: "subscribe", orderId: created.body.orderId });
  await live.waitFor((m) => m.type === "status" && m.status === "COMPLETED");
  expect(await alice.waitForTerminal(created.body.orderId)).toMatchObject({ status: "COMPLETED", totalCents: 2997 });
  await webhookFor(created.body.orderId);
  await eventually(async () => !(await objectExists(presigned.body.key)), "the payload to be deleted");
  const claim = JSON.parse(local.stepFunctions.executions.get(created.body.messageId)!.input).claim;
  expect(claim).toMatchObject({ s3_key: presigned.body.key, sha256: digest });
  await live.close();
});

test("an order body over the inline limit is offloaded to S3 by the producer, and deleted after COMPLETED", async () => {
  const body = largeOrder(100_000);
  const created = await alice.createOrder(body);
  expect(created.status).toBe(202);
  expect(await alice.waitForTerminal(created.body.orderId)).toMatchObject({ status: "COMPLETED" });
  const execution = local.stepFunctions.executions.get(created.body.messageId)!;
  await execution.done;
  const claim = JSON.parse(execution.input).claim;
  expect(claim.s3_key).toMatch(/^payloads\//);
  expect(Buffer.byteLength(execution.input)).toBeLessThan(4096);
  expect(await objectExists(claim.s3_key)).toBe(false);
});

test("payments over USD 10,000 and simulated declines end PAYMENT_DECLINED; gateway timeouts are retried", async () => {
  const live = await liveSocket(local, alice.token);
  const big = await alice.createOrder(smallOrder({ items: [{ sku: "CAR", quantity: 1, unitPriceCents: 1_000_001 }] }));
  const declined = await alice.createOrder(smallOrder({ simulate: "decline" }));
  const flaky = await alice.createOrder(smallOrder({ simulate: "gateway-timeout" }));
  live.send({ action: "subscribe", orderId: big.body.orderId });
  expect(await alice.waitForTerminal(big.body.orderId)).toMatchObject({ status: "PAYMENT_DECLINED" });
  expect(await alice.waitForTerminal(declined.body.orderId)).toMatchObject({ status: "PAYMENT_DECLINED" });
  expect(await alice.waitForTerminal(flaky.body.orderId)).toMatchObject({ status: "COMPLETED" });
  await live.waitFor((m) => m.orderId === big.body.orderId && m.status === "PAYMENT_DECLINED");
  expect((await repository.getOrder(flaky.body.orderId)) as unknown as { paymentAttempts: number }).toMatchObject({ paymentAttempts: 3 });
  expect(await webhookFor(declined.body.orderId)).toMatchObject({ eventType: "order.payment_declined", signatureValid: true });
  await live.close();
});

test("a tampered upload (same size, other bytes) ends FAILED and the payload is kept for forensics", async () => {
  const declared = largeOrder(70_000);
  const tampered = declared.replace("Big Buyer", "Bad Buyer");
  expect(Buffer.byteLength(tampered)).toBe(Buffer.byteLength(declared));
  const presigned = await alice.call("POST", "/presigned-url", {
    contentType: "application/json",
    size: Buffer.byteLength(declared),
    sha256: sha256(declared),
  });
  await fetch(presigned.body.url, { method: "PUT", headers: presigned.body.headers, body: tampered });
  const live = await liveSocket(local, alice.token);
  const created = await alice.createOrder({ payloadKey: presigned.body.key, size: Buffer.byteLength(declared), sha256: sha256(declared) });
  expect(created.status).toBe(202);
  live.send({ action: "subscribe", orderId: created.body.orderId });
  expect(await alice.waitForTerminal(created.body.orderId)).toMatchObject({ status: "FAILED" });
  await live.waitFor((m) => m.orderId === created.body.orderId && m.status === "FAILED");
  expect((await repository.getOrder(created.body.orderId))?.reason).toMatch(/does not match the size or SHA-256/);
  await local.stepFunctions.executions.get(created.body.messageId)!.done;
  expect(local.stepFunctions.executions.get(created.body.messageId)!.status).toBe("FAILED");
  expect(await objectExists(presigned.body.key)).toBe(true);
  expect(await webhookFor(created.body.orderId)).toMatchObject({ eventType: "order.failed" });
  await live.close();
});

test("the same SQS message delivered twice starts one execution", async () => {
  const orderId = "dup-order-1";
  const document = JSON.stringify(smallOrder());
  await repository.createOrder({ orderId, customerId: "alice", requestId: "r1", createdAt: new Date().toISOString(), inline: true });
  const claim = {
    schema_version: CLAIM_SCHEMA_VERSION,
    inline: { encoding: "base64", data: Buffer.from(document).toString("base64") },
    size: Buffer.byteLength(document),
    sha256: sha256(document),
    content_type: "application/json",
    metadata: { submitted_by: "test", timestamp: new Date().toISOString(), order_id: orderId },
  };
  const record = {
    messageId: "dup-message-1",
    receiptHandle: "r",
    body: JSON.stringify(claim),
    attributes: {},
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn",
    awsRegion: "us-east-1",
  };
  const handler = makeStartExecutionHandler(local.deps);
  const event = { Records: [record] } as unknown as SQSEvent;
  expect(await handler(event)).toEqual({ batchItemFailures: [] });
  await local.stepFunctions.executions.get("dup-message-1")!.done;
  expect(await handler(event)).toEqual({ batchItemFailures: [] });
  expect([...local.stepFunctions.executions.keys()].filter((name) => name === "dup-message-1")).toHaveLength(1);
  expect(await alice.getOrder(orderId)).toMatchObject({ status: 200, body: { status: "COMPLETED" } });
});

test("a forged claim (an object outside the payload prefix, no sha256) ends FAILED with the reason; the object is neither read nor deleted", async () => {
  const orderId = "forged-order-1";
  const victimKey = "private/victim.json";
  await local.deps.s3.send(
    new PutObjectCommand({ Bucket: local.resources.bucketName, Key: victimKey, Body: JSON.stringify(smallOrder()) }),
  );
  await repository.createOrder({ orderId, customerId: "alice", requestId: "r1", createdAt: new Date().toISOString(), inline: false });
  const forged = {
    schema_version: CLAIM_SCHEMA_VERSION,
    s3_bucket: local.resources.bucketName,
    s3_key: victimKey,
    size: 10,
    metadata: { submitted_by: "mallory", timestamp: new Date().toISOString(), order_id: orderId },
  };
  const record = {
    messageId: "forged-message-1",
    receiptHandle: "r",
    body: JSON.stringify(forged),
    attributes: {},
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn",
    awsRegion: "us-east-1",
  };
  expect(await makeStartExecutionHandler(local.deps)({ Records: [record] } as unknown as SQSEvent)).toEqual({ batchItemFailures: [] });
  await local.stepFunctions.executions.get("forged-message-1")!.done;
  expect(local.stepFunctions.executions.get("forged-message-1")!.status).toBe("FAILED");
  const order = await repository.getOrder(orderId);
  expect(order?.status).toBe("FAILED");
  expect(order?.reason).toMatch(
    /^The order's claim was refused: claim refused: sha256 is missing .*key "private\/victim.json" is not under the payload prefix/,
  );
  expect(await objectExists(victimKey)).toBe(true);
});

test("a closed WebSocket is cleaned up, and a vanished one is removed on GoneException", async () => {
  await repository.createOrder({
    orderId: "ws-order-1",
    customerId: "alice",
    requestId: "r",
    createdAt: new Date().toISOString(),
    inline: true,
  });
  const closing = await liveSocket(local, alice.token);
  closing.send({ action: "subscribe", orderId: "ws-order-1" });
  await closing.waitFor((m) => m.type === "subscribed");
  const vanishing = await liveSocket(local, alice.token);
  vanishing.send({ action: "subscribe", orderId: "ws-order-1" });
  await vanishing.waitFor((m) => m.type === "subscribed");
  expect(await repository.subscribersOf("ws-order-1")).toHaveLength(2);

  await closing.close();
  await eventually(async () => (await repository.subscribersOf("ws-order-1")).length === 1, "$disconnect to remove the subscription");
  const [remaining] = await repository.subscribersOf("ws-order-1");
  local.webSocket.vanish(remaining.connectionId);
  await makeFailOrderHandler(local.deps)({ orderId: "ws-order-1", messageId: "m", error: { Error: "Test", Cause: "closing" } });
  expect(await repository.subscribersOf("ws-order-1")).toEqual([]);
});

test("a failing webhook receiver is retried and then the event is dead-lettered", async () => {
  local.webhooks.failing = true;
  try {
    const created = await alice.createOrder(smallOrder());
    await alice.waitForTerminal(created.body.orderId);
    const { Attributes } = await eventually(async () => {
      const attributes = await local.deps.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: local.resources.outboxDlqUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
      );
      return Number(attributes.Attributes?.ApproximateNumberOfMessages) > 0 ? attributes : undefined;
    }, "the outbox DLQ to receive the event");
    expect(Number(Attributes!.ApproximateNumberOfMessages)).toBe(1);
    const attempts = local.webhooks.deliveries.filter((d) => d.orderId === created.body.orderId);
    expect(attempts.map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(attempts.every((d) => d.signatureValid && d.answered === 500)).toBe(true);
    expect(new Set(attempts.map((d) => d.id)).size).toBe(1);
    const { Messages } = await local.deps.sqs.send(new ReceiveMessageCommand({ QueueUrl: local.resources.outboxDlqUrl }));
    expect(JSON.parse(Messages![0].Body!)).toMatchObject({ orderId: created.body.orderId, status: "COMPLETED" });
  } finally {
    local.webhooks.failing = false;
  }
});

test("Idempotency-Key: same key and body replays the first response; another body is 422", async () => {
  const key = "idem-1";
  const first = await alice.createOrder(smallOrder(), key);
  const replay = await alice.createOrder(smallOrder(), key);
  expect(replay.status).toBe(202);
  expect(replay.body).toEqual(first.body);
  expect(replay.headers.get("idempotent-replayed")).toBe("true");
  const other = await alice.createOrder(smallOrder({ note: "different" }), key);
  expect(other.status).toBe(422);
  expect(other.body.problems[0].field).toBe("Idempotency-Key");
  const bob = await apiClient(local, "bob");
  const bobs = await bob.createOrder(smallOrder(), key);
  expect(bobs.status).toBe(202);
  expect(bobs.body.orderId).not.toBe(first.body.orderId);
  await alice.waitForTerminal(first.body.orderId);
  expect(await alice.waitForTerminal(first.body.orderId)).toMatchObject({ status: "COMPLETED" });
  expect([...local.stepFunctions.executions.values()].filter((e) => JSON.parse(e.input).orderId === first.body.orderId)).toHaveLength(1);
});

test("GET /orders lists the caller's orders, newest first, and nobody else's", async () => {
  const carol = await apiClient(local, "carol");
  const a = await carol.createOrder(smallOrder());
  await new Promise((r) => setTimeout(r, 5));
  const b = await carol.createOrder(smallOrder());
  const list = await carol.call("GET", "/orders");
  expect(list.status).toBe(200);
  expect(list.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([b.body.orderId, a.body.orderId]);
  expect((await alice.getOrder(a.body.orderId)).status).toBe(404);
});
