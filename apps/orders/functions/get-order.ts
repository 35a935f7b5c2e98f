import { lazyHandler, OrdersDeps } from "./shared/deps";
import { callerOf, errorResponse, handleHttp, HttpEvent, HttpResult, json } from "./shared/http";
import { OrderRecord, OrdersRepository } from "./shared/repository";

const view = (order: OrderRecord) => ({
  orderId: order.orderId,
  messageId: order.messageId,
  status: order.status,
  totalCents: order.totalCents,
  ...(order.reason !== undefined ? { reason: order.reason } : {}),
  createdAt: order.createdAt,
  updatedAt: order.updatedAt,
  history: order.history,
});

/** GET /orders/{orderId} and GET /orders: only the caller's own orders (another's is a 404, not a 403). */
export const makeGetOrderHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return (event: HttpEvent): Promise<HttpResult> =>
    handleHttp(
      (error) => deps.logger.error("get order failed", error as Error),
      async () => {
        const customerId = callerOf(event, deps.settings.allowAnonymous);
        if (!customerId) return errorResponse(401, "A bearer token is required.");
        const orderId = event.pathParameters?.orderId;
        if (orderId === undefined) {
          const orders = await repository.listOrders(customerId, 20);
          return json(200, {
            orders: orders.map(({ orderId, messageId, status, createdAt, totalCents, reason }) => ({
              orderId,
              messageId,
              status,
              createdAt,
              totalCents,
              ...(reason !== undefined ? { reason } : {}),
            })),
          });
        }
        const order = await repository.getOrder(orderId);
        if (!order || order.customerId !== customerId)
          return errorResponse(404, `Order ${orderId} was not found.`, [
            { field: "orderId", message: `does not name one of your orders: ${JSON.stringify(orderId)}` },
          ]);
        return json(200, view(order));
      },
    );
};

export const handler = lazyHandler("get-order", makeGetOrderHandler);
