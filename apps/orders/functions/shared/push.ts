import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";
import { Logger } from "@aws-lambda-powertools/logger";
import { OrderRecord, OrdersRepository } from "./repository";

/** The WebSocket message of a status change. */
export const statusMessage = (order: OrderRecord) => ({
  type: "status",
  orderId: order.orderId,
  messageId: order.messageId,
  status: order.status,
  at: order.updatedAt,
  // Why a FAILED or PAYMENT_DECLINED order stopped (already a short, safe sentence).
  ...(order.reason !== undefined ? { reason: order.reason } : {}),
});

/**
 * Pushes a status change to every subscriber of the order through @connections. A connection that is gone
 * (410 GoneException) is unsubscribed; other failures are logged, never fatal: the status is durable and
 * readable with GET.
 */
export async function pushStatus(
  repository: OrdersRepository,
  connections: ApiGatewayManagementApiClient,
  logger: Logger,
  order: OrderRecord,
): Promise<void> {
  const data = Buffer.from(JSON.stringify(statusMessage(order)));
  const subscribers = await repository.subscribersOf(order.orderId);
  await Promise.all(
    subscribers.map(async ({ connectionId }) => {
      try {
        await connections.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
      } catch (error) {
        if (error instanceof GoneException || (error as Error).name === "GoneException") {
          await repository.unsubscribe(order.orderId, connectionId);
          logger.info("removed a gone WebSocket connection", { orderId: order.orderId, connectionId });
          return;
        }
        logger.warn("could not push a status change", { orderId: order.orderId, connectionId, error: error as Error });
      }
    }),
  );
}
