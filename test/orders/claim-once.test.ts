import type { SQSEvent } from "aws-lambda";
import { makeCreateOrderHandler } from "../../apps/orders/functions/create-order";
import type { HttpEvent } from "../../apps/orders/functions/shared/http";
import { OrdersRepository } from "../../apps/orders/functions/shared/repository";
import { makeStartExecutionHandler } from "../../apps/orders/functions/start-execution";
import { useOrdersTable } from "./support/orders-table";
import { fakeClient } from "./support/fake-deps";

jest.setTimeout(60_000);

// Attacks on "one upload, one order, one workflow run", against dynalite (real conditional writes).
const orders = useOrdersTable("claim-once");
const { nextId, deps } = orders;
let repository: OrdersRepository;
beforeAll(() => ({ repository } = orders.table));
const post = (body: unknown, key: string, sub = "alice"): HttpEvent =>
  ({
    body: JSON.stringify(body),
    headers: { "Idempotency-Key": key },
    isBase64Encoded: false,
    requestContext: { requestId: `req-${key}`, authorizer: { jwt: { claims: { sub } } } },
  }) as unknown as HttpEvent;

describe("a presigned upload is claimed by one order only", () => {
  const sha256 = "b".repeat(64);
  const size = 5000;
  const s3 = () => fakeClient({ HeadObjectCommand: () => ({ ContentLength: size }) });
  let sqsIds = 0;
  const sqs = () => fakeClient({ SendMessageCommand: () => ({ MessageId: `sqs-${++sqsIds}` }) });

  test("3 concurrent orders for one upload: one 202, two 409 naming payloadKey, one claim sent", async () => {
    const payloadKey = "payloads/2026-11-21/upload-once";
    await repository.recordUpload(payloadKey, "alice", size, sha256, new Date(Date.now() + 300_000));
    const queue = sqs();
    const create = makeCreateOrderHandler(deps({ s3: s3(), sqs: queue }));
    const responses = await Promise.all(["k-a", "k-b", "k-c"].map((key) => create(post({ payloadKey, size, sha256 }, key))));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([202, 409, 409]);
    for (const refused of responses.filter((r) => r.statusCode === 409)) {
      const body = JSON.parse(refused.body);
      expect(body.problems).toEqual([expect.objectContaining({ field: "payloadKey", message: expect.stringContaining(payloadKey) })]);
    }
    expect(queue.sent.filter((c) => c.name === "SendMessageCommand")).toHaveLength(1);
    expect(await repository.listOrders("alice")).toHaveLength(1);
    // the refused keys were released: a retry with one of them is refused the same way, not "in flight"
    const retry = await create(post({ payloadKey, size, sha256 }, "k-b"));
    expect(retry.statusCode).toBe(409);
    expect(JSON.parse(retry.body).problems[0].field).toBe("payloadKey");
  });

  test("an order whose claim cannot be sent releases the upload, so a retry can claim it", async () => {
    const payloadKey = "payloads/2026-11-21/upload-release";
    await repository.recordUpload(payloadKey, "bob", size, sha256, new Date(Date.now() + 300_000));
    const down = fakeClient({
      SendMessageCommand: () => {
        throw new Error("SQS is down");
      },
    });
    expect((await makeCreateOrderHandler(deps({ s3: s3(), sqs: down }))(post({ payloadKey, size, sha256 }, "k-1", "bob"))).statusCode).toBe(
      500,
    );
    const retry = await makeCreateOrderHandler(deps({ s3: s3(), sqs: sqs() }))(post({ payloadKey, size, sha256 }, "k-2", "bob"));
    expect(retry.statusCode).toBe(202);
  });
});

describe("one order, one workflow run", () => {
  const claimFor = (orderId: string) =>
    JSON.stringify({
      schema_version: "1.0",
      inline: { encoding: "base64", data: "e30=" },
      size: 2,
      sha256: "a".repeat(64),
      content_type: "application/json",
      metadata: { submitted_by: "t", timestamp: "2026-01-01T00:00:00Z", order_id: orderId },
    });
  const sqsEvent = (orderId: string, messageId: string) => ({ Records: [{ messageId, body: claimFor(orderId) }] }) as unknown as SQSEvent;
  const newOrder = async () => {
    const orderId = nextId();
    await repository.createOrder({ orderId, customerId: "carol", requestId: "r", createdAt: new Date().toISOString(), inline: true });
    return orderId;
  };

  test("a second message id for the same order is dropped (success to the ESM), logged, and starts nothing", async () => {
    const orderId = await newOrder();
    await repository.attachMessageId(orderId, "m-first");
    const sfn = fakeClient();
    const warn = jest.fn();
    const logger = { info: jest.fn(), warn, error: jest.fn() };
    const start = makeStartExecutionHandler(deps({ sfn, logger }));
    expect(await start(sqsEvent(orderId, "m-first"))).toEqual({ batchItemFailures: [] });
    expect(await start(sqsEvent(orderId, "m-second"))).toEqual({ batchItemFailures: [] });
    expect(sfn.sent.map((c) => c.input.name)).toEqual(["m-first"]);
    expect(await repository.getOrder(orderId)).toMatchObject({ status: "PROCESSING", messageId: "m-first" });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/duplicate claim/),
      expect.objectContaining({ orderId, messageId: "m-second" }),
    );
    // a redelivery of the first message is still fine (ExecutionAlreadyExists is handled elsewhere)
    expect(await start(sqsEvent(orderId, "m-first"))).toEqual({ batchItemFailures: [] });
    expect(sfn.sent.map((c) => c.input.name)).toEqual(["m-first", "m-first"]);
  });

  test("the consumer may run before CreateOrder attaches the message id: the first id wins, a later other id is refused", async () => {
    const orderId = await newOrder();
    const sfn = fakeClient();
    const start = makeStartExecutionHandler(deps({ sfn }));
    expect(await start(sqsEvent(orderId, "m-early"))).toEqual({ batchItemFailures: [] });
    // CreateOrder then attaches the same id: accepted; another id: refused, the order keeps the running one
    await repository.attachMessageId(orderId, "m-early");
    await expect(repository.attachMessageId(orderId, "m-retry")).resolves.toBe("m-early");
    expect(await start(sqsEvent(orderId, "m-retry"))).toEqual({ batchItemFailures: [] });
    expect(sfn.sent.map((c) => c.input.name)).toEqual(["m-early"]);
    expect(await repository.getOrder(orderId)).toMatchObject({ messageId: "m-early" });
  });
});
