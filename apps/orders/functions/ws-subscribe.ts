import { lazyHandler, OrdersDeps } from "./shared/deps";
import { OrdersRepository } from "./shared/repository";
import { WsEvent, WsResult, wsReply } from "./shared/ws-event";

const error = (message: string): WsResult => wsReply({ type: "error", message });

/**
 * The `subscribe` route (the source's WebSocketIDMessage) and `$default`: subscribes the connection to one
 * of the caller's orders, by message id or order id, and answers with the current status at once, so a
 * late subscriber misses nothing. Two-way route: the returned body is the reply.
 */
export const makeWsSubscribeHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return async (event: WsEvent): Promise<WsResult> => {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(event.body ?? "");
    } catch {
      return error(
        `the message must be JSON like {"action":"subscribe","orderId":"..."}, but ${JSON.stringify((event.body ?? "").slice(0, 60))} was sent`,
      );
    }
    if (request?.action !== "subscribe") return error(`action must be "subscribe", but ${JSON.stringify(request?.action)} was sent`);
    const { orderId, messageId } = request;
    if ((typeof orderId !== "string" || !orderId) && (typeof messageId !== "string" || !messageId)) {
      return error("subscribe needs an orderId or a messageId (a non-empty string)");
    }
    const customerId = event.requestContext.authorizer?.principalId ?? "anonymous";
    const order =
      typeof orderId === "string" && orderId
        ? await repository.getOrder(orderId)
        : await repository.getOrderByMessageId(messageId as string);
    if (!order || order.customerId !== customerId) {
      return error(
        `no order of yours has ${typeof orderId === "string" && orderId ? `orderId ${JSON.stringify(orderId)}` : `messageId ${JSON.stringify(messageId)}`}`,
      );
    }
    const connectionId = event.requestContext.connectionId;
    await repository.subscribe({ orderId: order.orderId, connectionId, customerId }, deps.now());
    // Read again after subscribing: a change between the first read and the subscription is not missed.
    const current = (await repository.getOrder(order.orderId)) ?? order;
    deps.logger.info("WebSocket subscribed", { connectionId, orderId: order.orderId });
    return wsReply({
      type: "subscribed",
      orderId: current.orderId,
      messageId: current.messageId,
      status: current.status,
      ...(current.reason !== undefined ? { reason: current.reason } : {}),
    });
  };
};

export const handler = lazyHandler("ws-subscribe", makeWsSubscribeHandler);
