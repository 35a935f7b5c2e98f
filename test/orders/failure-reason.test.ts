import { makeFailOrderHandler } from "../../apps/orders/functions/fail-order";
import { makeGetOrderHandler } from "../../apps/orders/functions/get-order";
import type { HttpEvent } from "../../apps/orders/functions/shared/http";
import { OrdersRepository } from "../../apps/orders/functions/shared/repository";
import { publicReason } from "../../apps/orders/functions/shared/failure-reason";
import { useOrdersTable } from "./support/orders-table";
import { fakeClient } from "./support/fake-deps";

jest.setTimeout(60_000);

// A FAILED order tells its owner why: GET, its history and the WebSocket push carry a short, safe reason.
const orders = useOrdersTable("reason");
const { nextId, deps } = orders;
let repository: OrdersRepository;
beforeAll(() => ({ repository } = orders.table));
const lambdaCause = (errorType: string, errorMessage: string) =>
  JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, "    at save (/var/task/index.js:12:34)"] });

async function processingOrder(): Promise<string> {
  const orderId = nextId();
  await repository.createOrder({ orderId, customerId: "alice", requestId: "r", createdAt: new Date().toISOString(), inline: true });
  await repository.startProcessing(orderId, `m-${orderId}`, "arn:x", new Date());
  return orderId;
}
const getEvent = (orderId?: string) =>
  ({
    pathParameters: orderId ? { orderId } : undefined,
    requestContext: { authorizer: { jwt: { claims: { sub: "alice" } } } },
  }) as unknown as HttpEvent;

describe("the failure reason reaches the order's owner", () => {
  test("GET /orders/{id}, its history, the list and the WebSocket push carry the reason", async () => {
    const orderId = await processingOrder();
    await repository.subscribe({ orderId, connectionId: "conn-r", customerId: "alice" }, new Date());
    const connections = fakeClient();
    await makeFailOrderHandler(deps({ connections }))({
      orderId,
      messageId: `m-${orderId}`,
      error: { Error: "ChecksumMismatchError", Cause: lambdaCause("ChecksumMismatchError", "sha256 mismatch: expected aaa, got bbb") },
    });
    const reason = "The order document does not match the size or SHA-256 it was sent with.";
    const order = JSON.parse((await makeGetOrderHandler(deps())(getEvent(orderId))).body);
    expect(order).toMatchObject({ status: "FAILED", reason });
    expect(order.history.at(-1)).toMatchObject({ status: "FAILED", reason });
    const list = JSON.parse((await makeGetOrderHandler(deps())(getEvent())).body);
    expect(list.orders.find((o: { orderId: string }) => o.orderId === orderId)).toMatchObject({ status: "FAILED", reason });
    const pushed = JSON.parse(Buffer.from(connections.sent[0].input.Data as Uint8Array).toString("utf8"));
    expect(pushed).toMatchObject({ type: "status", orderId, status: "FAILED", reason });
  });

  test("an unexpected error becomes a generic sentence: no stack trace, no path, no internal message", async () => {
    const orderId = await processingOrder();
    await makeFailOrderHandler(deps())({
      orderId,
      messageId: `m-${orderId}`,
      error: { Error: "TypeError", Cause: lambdaCause("TypeError", "Cannot read properties of undefined (reading 'secret')") },
    });
    const { reason } = JSON.parse((await makeGetOrderHandler(deps())(getEvent(orderId))).body);
    expect(reason).toBe("The order could not be processed because of an internal error (TypeError).");
  });

  test("publicReason: known errors get a fixed sentence, the app's own ones keep their first line, capped", () => {
    expect(
      publicReason({ Error: "InvalidOrderDocument", Cause: lambdaCause("InvalidOrderDocument", "items[0].quantity must be 1 to 1000") }),
    ).toBe("The order document is invalid: items[0].quantity must be 1 to 1000");
    expect(publicReason({ Error: "States.Timeout" })).toBe("Processing the order took too long.");
    const long = publicReason({ Error: "InvalidOrderDocument", Cause: `${"x".repeat(500)}\n    at f (/var/task/a.js:1:1)` });
    expect(long.length).toBeLessThanOrEqual(240);
    expect(long).not.toMatch(/var\/task|\n/);
    expect(publicReason(undefined)).toBe("The order could not be processed because of an internal error (unknown).");
  });
});
