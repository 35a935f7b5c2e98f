import { createHash } from "node:crypto";
import { makeCreateOrderHandler } from "../../apps/orders/functions/create-order";
import { makeFailOrderHandler } from "../../apps/orders/functions/fail-order";
import { makeGetOrderHandler } from "../../apps/orders/functions/get-order";
import { makeSaveOrderHandler } from "../../apps/orders/functions/save-order";
import type { HttpEvent } from "../../apps/orders/functions/shared/http";
import { OrdersRepository } from "../../apps/orders/functions/shared/repository";
import { makeUpdateOrderHandler } from "../../apps/orders/functions/update-order";
import { makeWsDisconnectHandler } from "../../apps/orders/functions/ws-disconnect";
import { makeWsSubscribeHandler } from "../../apps/orders/functions/ws-subscribe";
import type { WsEvent } from "../../apps/orders/functions/shared/ws-event";
import { useOrdersTable } from "./support/orders-table";
import { Readable } from "node:stream";
import { ClaimMessage, parseClaimMessage } from "../../client";
import { fakeClient, TEST_SETTINGS } from "./support/fake-deps";

jest.setTimeout(60_000);

// The handlers that use the table, against dynalite (real conditional writes and indexes); S3/SQS are fakes.
const orders = useOrdersTable("id");
const { nextId, deps } = orders;
let repository: OrdersRepository;
beforeAll(() => ({ repository } = orders.table));
const post = (body: unknown, key: string | undefined, sub = "alice"): HttpEvent =>
  ({
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: key ? { "Idempotency-Key": key } : {},
    isBase64Encoded: false,
    requestContext: { requestId: "req-1", authorizer: { jwt: { claims: { sub } } } },
  }) as unknown as HttpEvent;
const order = { items: [{ sku: "A", quantity: 3, unitPriceCents: 700 }] };
const sqsAnswering = (messageId: string) => fakeClient({ SendMessageCommand: () => ({ MessageId: messageId }) });

async function seedOrder(status: "RECEIVED" | "PROCESSING" | "SAVED", customerId = "alice") {
  const orderId = nextId();
  await repository.createOrder({ orderId, customerId, requestId: "r", createdAt: new Date().toISOString(), inline: true });
  if (status !== "RECEIVED")
    await repository.transition(orderId, "PROCESSING", new Date(), {
      messageId: `msg-${orderId}`,
      gsi1pk: `MSG#msg-${orderId}`,
      gsi1sk: "ORDER",
    });
  if (status === "SAVED") await repository.transition(orderId, "SAVED", new Date(), { totalCents: 2100 });
  return orderId;
}

describe("create-order", () => {
  test("writes RECEIVED, sends a valid inline claim naming the order, records the message id and the response", async () => {
    const sqs = sqsAnswering("m-100");
    const response = await makeCreateOrderHandler(deps({ sqs }))(post(order, "k-1"));
    expect(response.statusCode).toBe(202);
    const { orderId, messageId } = JSON.parse(response.body);
    expect(messageId).toBe("m-100");
    const claim = parseClaimMessage(sqs.sent[0].input.MessageBody as string);
    expect(claim.metadata).toMatchObject({ order_id: orderId, request_id: "req-1", customer_id: "alice" });
    expect(await repository.getOrder(orderId)).toMatchObject({ status: "RECEIVED", messageId: "m-100", customerId: "alice", inline: true });
    expect((await repository.getOrderByMessageId("m-100"))?.orderId).toBe(orderId);
  });

  test("a request still in flight with the same key is 409", async () => {
    const body = JSON.stringify(order);
    const bodyHash = createHash("sha256").update(body).digest("hex");
    await repository.claimIdempotencyKey("alice", "k-busy", { bodyHash, state: "IN_PROGRESS", orderId: "o-busy" }, new Date());
    const response = await makeCreateOrderHandler(deps({ sqs: sqsAnswering("m") }))(post(body, "k-busy"));
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body).problems[0].field).toBe("Idempotency-Key");
  });

  test("when the claim cannot be sent: 500, no order left behind, the key released for a retry", async () => {
    const failing = fakeClient({
      SendMessageCommand: () => {
        throw new Error("SQS is down");
      },
    });
    const response = await makeCreateOrderHandler(deps({ sqs: failing }))(post(order, "k-down", "dora"));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body).error).toMatch(/not applied/);
    expect(await repository.listOrders("dora")).toEqual([]);
    const retry = await makeCreateOrderHandler(deps({ sqs: sqsAnswering("m-retry") }))(post(order, "k-down", "dora"));
    expect(retry.statusCode).toBe(202);
  });
});

describe("workflow steps", () => {
  const inlineClaim = (document: string, sha = createHash("sha256").update(document).digest("hex")) =>
    parseClaimMessage(
      JSON.stringify({
        schema_version: "1.0",
        inline: { encoding: "base64", data: Buffer.from(document).toString("base64") },
        size: Buffer.byteLength(document),
        sha256: sha,
        content_type: "application/json",
        metadata: { submitted_by: "t", timestamp: "2026-01-01T00:00:00Z" },
      }),
    );

  test("save-order verifies, totals and saves; a mismatch or an invalid document leaves the order untouched", async () => {
    const orderId = await seedOrder("PROCESSING");
    const save = makeSaveOrderHandler(deps());
    await expect(save({ orderId, messageId: "m", claim: inlineClaim(JSON.stringify(order), "0".repeat(64)) })).rejects.toMatchObject({
      name: "ChecksumMismatchError",
    });
    await expect(save({ orderId, messageId: "m", claim: inlineClaim(JSON.stringify({ items: [] })) })).rejects.toMatchObject({
      name: "InvalidOrderDocument",
    });
    expect((await repository.getOrder(orderId))?.status).toBe("PROCESSING");
    expect(await save({ orderId, messageId: "m", claim: inlineClaim(JSON.stringify({ ...order, simulate: "decline" })) })).toEqual({
      status: "SAVED",
      totalCents: 2100,
      lineCount: 1,
      simulate: "decline",
      payload: {},
    });
    expect(await repository.getOrder(orderId)).toMatchObject({ status: "SAVED", totalCents: 2100, lineCount: 1 });
  });

  const s3Claim = (fields: Record<string, unknown>) =>
    ({
      schema_version: "1.0",
      s3_bucket: TEST_SETTINGS.bucketName,
      s3_key: "payloads/2026-11-21/k1",
      size: 10,
      sha256: "a".repeat(64),
      content_type: "application/json",
      metadata: { submitted_by: "t", timestamp: "2026-01-01T00:00:00Z" },
      ...fields,
    }) as unknown as ClaimMessage;

  test.each([
    [
      "another bucket",
      { s3_bucket: "someone-elses-bucket" },
      /bucket "someone-elses-bucket" is not the payload bucket "orders-test-payloads"/,
    ],
    ["a key outside the prefix", { s3_key: "secrets/db.json" }, /key "secrets\/db.json" is not under the payload prefix "payloads\/"/],
    ["a path trick", { s3_key: "payloads/../secrets/db.json" }, /"\.\." path segment/],
    ["the bare prefix", { s3_key: "payloads/" }, /not under the payload prefix/],
    ["no size", { size: undefined }, /size is missing/],
    ["no sha256", { sha256: undefined }, /sha256 is missing/],
  ])("save-order refuses a claim with %s before any S3 call, leaving the order untouched", async (_case, fields, reason) => {
    const orderId = await seedOrder("PROCESSING");
    const s3 = fakeClient();
    const save = makeSaveOrderHandler(deps({ s3 }));
    const refusal = save({ orderId, messageId: "m", claim: s3Claim(fields) });
    await expect(refusal).rejects.toMatchObject({ name: "ClaimRefused", message: expect.stringMatching(reason) });
    expect(s3.sent).toEqual([]);
    expect((await repository.getOrder(orderId))?.status).toBe("PROCESSING");
  });

  test("save-order lists every problem of a forged claim at once; an inline claim without integrity fields is refused too", async () => {
    const orderId = await seedOrder("PROCESSING");
    const save = makeSaveOrderHandler(deps({ s3: fakeClient() }));
    const forged = save({ orderId, messageId: "m", claim: s3Claim({ s3_bucket: "other", size: undefined, sha256: undefined }) });
    await expect(forged).rejects.toThrow(/size is missing[\s\S]*sha256 is missing[\s\S]*bucket "other"/);
    const bare = { ...inlineClaim(JSON.stringify(order)), sha256: undefined } as unknown as ClaimMessage;
    await expect(save({ orderId, messageId: "m", claim: bare })).rejects.toMatchObject({ name: "ClaimRefused" });
  });

  test("save-order reads the exact verified version and returns the location the workflow may delete", async () => {
    const orderId = await seedOrder("PROCESSING");
    const document = JSON.stringify(order);
    const sha256 = createHash("sha256").update(document).digest("hex");
    const s3 = fakeClient({ GetObjectCommand: () => ({ Body: Readable.from([Buffer.from(document)]) }) });
    const save = makeSaveOrderHandler(deps({ s3 }));
    const claim = s3Claim({ size: Buffer.byteLength(document), sha256, version_id: "v-7" });
    expect(await save({ orderId, messageId: "m", claim })).toEqual({
      status: "SAVED",
      totalCents: 2100,
      lineCount: 1,
      simulate: "none",
      payload: { bucket: TEST_SETTINGS.bucketName, key: "payloads/2026-11-21/k1", versionId: "v-7" },
    });
    expect(s3.sent).toEqual([
      { name: "GetObjectCommand", input: { Bucket: TEST_SETTINGS.bucketName, Key: "payloads/2026-11-21/k1", VersionId: "v-7" } },
    ]);
  });

  test("update-order completes with the payment id, or records the decline", async () => {
    const paid = await seedOrder("SAVED");
    const update = makeUpdateOrderHandler(deps());
    expect(await update({ orderId: paid, messageId: "m1", payment: { outcome: "APPROVED", paymentId: "pay_1" } })).toEqual({
      status: "COMPLETED",
      totalCents: 2100,
      event: { orderId: paid, messageId: "m1", status: "COMPLETED" },
    });
    expect(await repository.getOrder(paid)).toMatchObject({ status: "COMPLETED", paymentId: "pay_1" });
    const declined = await seedOrder("SAVED");
    await update({
      orderId: declined,
      messageId: "m2",
      payment: {
        Error: "PaymentDeclined",
        Cause: JSON.stringify({ errorMessage: "over the limit\n    at charge (/var/task/index.js:1:1)" }),
      },
    });
    // The owner sees the same kind of sentence as for a FAILED order (publicReason): no error class name, one
    // line, no stack frames.
    expect(await repository.getOrder(declined)).toMatchObject({
      status: "PAYMENT_DECLINED",
      reason: "The payment was declined: over the limit",
    });
  });

  test("fail-order marks FAILED with the reason; a terminal order cannot fail afterwards", async () => {
    const orderId = await seedOrder("PROCESSING");
    const fail = makeFailOrderHandler(deps());
    expect(await fail({ orderId, messageId: "m", error: { Error: "ChecksumMismatchError", Cause: "bad bytes" } })).toMatchObject({
      status: "FAILED",
    });
    expect(await repository.getOrder(orderId)).toMatchObject({
      status: "FAILED",
      reason: "The order document does not match the size or SHA-256 it was sent with.",
    });
    const done = await seedOrder("SAVED");
    await makeUpdateOrderHandler(deps())({ orderId: done, messageId: "m", payment: { outcome: "APPROVED", paymentId: "p" } });
    await expect(fail({ orderId: done, messageId: "m" })).rejects.toThrow(/cannot go from COMPLETED to FAILED/);
  });
});

describe("reading and subscribing", () => {
  const wsEvent = (body: unknown, connectionId: string, principalId = "alice") =>
    ({ body: JSON.stringify(body), requestContext: { connectionId, authorizer: { principalId } } }) as unknown as WsEvent;

  test("get-order returns the caller's order with its history, and 404 for someone else's", async () => {
    const orderId = await seedOrder("SAVED");
    const get = makeGetOrderHandler(deps());
    const event = (sub: string) =>
      ({ pathParameters: { orderId }, requestContext: { authorizer: { jwt: { claims: { sub } } } } }) as unknown as HttpEvent;
    const mine = await get(event("alice"));
    expect(JSON.parse(mine.body)).toMatchObject({
      orderId,
      status: "SAVED",
      totalCents: 2100,
      history: [{ status: "RECEIVED" }, { status: "PROCESSING" }, { status: "SAVED" }],
    });
    expect((await get(event("mallory"))).statusCode).toBe(404);
  });

  test("ws-subscribe by message id answers the current status and stores the subscription; ws-disconnect removes it", async () => {
    const orderId = await seedOrder("PROCESSING");
    const reply = await makeWsSubscribeHandler(deps())(wsEvent({ action: "subscribe", messageId: `msg-${orderId}` }, "conn-1"));
    expect(JSON.parse(reply.body!)).toEqual({ type: "subscribed", orderId, messageId: `msg-${orderId}`, status: "PROCESSING" });
    expect((await repository.subscribersOf(orderId)).map((s) => s.connectionId)).toEqual(["conn-1"]);
    const stranger = await makeWsSubscribeHandler(deps())(wsEvent({ action: "subscribe", orderId }, "conn-2", "mallory"));
    expect(JSON.parse(stranger.body!)).toMatchObject({ type: "error" });
    await makeWsDisconnectHandler(deps())(wsEvent(undefined, "conn-1"));
    expect(await repository.subscribersOf(orderId)).toEqual([]);
  });
});
