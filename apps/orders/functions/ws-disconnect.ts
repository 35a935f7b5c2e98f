import { lazyHandler, OrdersDeps } from "./shared/deps";
import { OrdersRepository } from "./shared/repository";
import { WsEvent, WsResult } from "./shared/ws-event";

/** $disconnect: removes every subscription of the closed connection (found through GSI1). */
export const makeWsDisconnectHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return async (event: WsEvent): Promise<WsResult> => {
    const { connectionId } = event.requestContext;
    const subscriptions = await repository.subscriptionsOfConnection(connectionId);
    await Promise.all(subscriptions.map((s) => repository.unsubscribe(s.orderId, connectionId)));
    deps.logger.info("WebSocket disconnected", { connectionId, removed: subscriptions.length });
    return { statusCode: 200 };
  };
};

export const handler = lazyHandler("ws-disconnect", makeWsDisconnectHandler);
