import { lazyHandler, OrdersDeps } from "./shared/deps";
import { WsEvent, WsResult } from "./shared/ws-event";

/** $connect, after the authorizer accepted the token: nothing to store until the client subscribes. Never posts (the connection is not open yet). */
export const makeWsConnectHandler =
  (deps: OrdersDeps) =>
  async (event: WsEvent): Promise<WsResult> => {
    deps.logger.info("WebSocket connected", {
      connectionId: event.requestContext.connectionId,
      customerId: event.requestContext.authorizer?.principalId,
    });
    return { statusCode: 200 };
  };

export const handler = lazyHandler("ws-connect", makeWsConnectHandler);
