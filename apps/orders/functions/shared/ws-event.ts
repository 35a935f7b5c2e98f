import type { APIGatewayProxyWebsocketEventV2 } from "aws-lambda";

/** A WebSocket route event with the $connect authorizer's result (principalId = the JWT subject). */
export type WsEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2["requestContext"] & { authorizer?: { principalId?: string; sub?: string } };
};

export interface WsResult {
  readonly statusCode: number;
  readonly body?: string;
}

export const wsReply = (body: unknown, statusCode = 200): WsResult => ({ statusCode, body: JSON.stringify(body) });
