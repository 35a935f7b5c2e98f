import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { randomBytes } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { WsEvent, WsResult } from "../functions/shared/ws-event";

export interface WebSocketHandlers {
  readonly authorizer: (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;
  readonly connect: (event: WsEvent) => Promise<WsResult>;
  readonly disconnect: (event: WsEvent) => Promise<WsResult>;
  readonly subscribe: (event: WsEvent) => Promise<WsResult>;
}

interface Connection {
  readonly socket: WebSocket;
  readonly principalId: string;
  readonly connectedAt: Date;
}

const STAGE = "local";

/**
 * The WebSocket API on loopback: the $connect REQUEST authorizer (401 on a bad token), route selection on
 * `$request.body.action` (subscribe, else $default) as two-way routes, $disconnect, and the @connections
 * management endpoint the handlers post to (410 GoneException for a connection that is gone).
 */
export class LocalWebSocketApi {
  readonly connections = new Map<string, Connection>();
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly pending = new Set<Promise<unknown>>();
  private readonly vanished = new Set<string>();

  constructor(
    private readonly handlers: WebSocketHandlers,
    private readonly onError: (error: unknown) => void,
  ) {}

  private event(connectionId: string, routeKey: string, eventType: string, principalId: string | undefined, body?: string): WsEvent {
    return {
      body,
      isBase64Encoded: false,
      requestContext: {
        apiId: "local",
        connectedAt: Date.now(),
        connectionId,
        domainName: "127.0.0.1",
        eventType,
        extendedRequestId: connectionId,
        messageDirection: "IN",
        messageId: randomBytes(8).toString("hex"),
        requestId: randomBytes(8).toString("hex"),
        requestTimeEpoch: Date.now(),
        routeKey,
        stage: STAGE,
        authorizer: principalId ? { principalId, sub: principalId } : undefined,
      },
    } as unknown as WsEvent;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** HTTP upgrade on the WebSocket path: authorize, then connect. */
  async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? "/", "http://local");
    const connectionId = randomBytes(12).toString("base64url");
    let principalId: string;
    try {
      const result = await this.handlers.authorizer({
        type: "REQUEST",
        methodArn: `arn:aws:execute-api:us-east-1:000000000000:local/${STAGE}/$connect`,
        queryStringParameters: Object.fromEntries(url.searchParams),
        headers: request.headers as Record<string, string>,
        requestContext: { connectionId, routeKey: "$connect", eventType: "CONNECT" },
      } as unknown as APIGatewayRequestAuthorizerEvent);
      if (result.policyDocument.Statement.some((s) => s.Effect === "Deny")) throw new Error("Unauthorized");
      principalId = result.principalId;
    } catch {
      socket.end(
        "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" +
          JSON.stringify({ message: "Unauthorized" }),
      );
      return;
    }
    const connected = await this.handlers.connect(this.event(connectionId, "$connect", "CONNECT", principalId));
    if (connected.statusCode >= 400) {
      socket.end(`HTTP/1.1 ${connected.statusCode} Refused\r\nConnection: close\r\n\r\n`);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.connections.set(connectionId, { socket: ws, principalId, connectedAt: new Date() });
      ws.on("message", (data) => {
        const body = data.toString();
        let action: unknown;
        try {
          action = JSON.parse(body)?.action;
        } catch {
          action = undefined;
        }
        const routeKey = action === "subscribe" ? "subscribe" : "$default";
        this.track(this.handlers.subscribe(this.event(connectionId, routeKey, "MESSAGE", principalId, body)))
          .then((reply) => reply.body !== undefined && ws.readyState === WebSocket.OPEN && ws.send(reply.body))
          .catch((error) => {
            this.onError(error);
            if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ message: "Internal server error", connectionId }));
          });
      });
      ws.on("close", () => {
        this.connections.delete(connectionId);
        if (this.vanished.delete(connectionId)) return;
        this.track(this.handlers.disconnect(this.event(connectionId, "$disconnect", "DISCONNECT", principalId))).catch(this.onError);
      });
    });
  }

  /** POST|GET|DELETE /{stage}/@connections/{id}: what ApiGatewayManagementApi calls. */
  handleConnections(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
    const match = /^\/[^/]+\/@connections\/([^/?]+)/.exec(request.url ?? "");
    const connectionId = match ? decodeURIComponent(match[1]) : "";
    const connection = this.connections.get(connectionId);
    if (!connection || connection.socket.readyState !== WebSocket.OPEN) {
      response.writeHead(410, { "content-type": "application/json", "x-amzn-errortype": "GoneException" });
      response.end(JSON.stringify({ message: `connection ${connectionId} is gone` }));
      return;
    }
    if (request.method === "POST") connection.socket.send(body.toString("utf8"));
    if (request.method === "DELETE") connection.socket.close();
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      request.method === "GET"
        ? JSON.stringify({ connectedAt: connection.connectedAt.toISOString(), identity: { sourceIp: "127.0.0.1" } })
        : "{}",
    );
  }

  /** Drops a connection without running $disconnect, like a client vanishing: the next push gets GoneException. */
  vanish(connectionId: string): void {
    const connection = this.connections.get(connectionId);
    this.connections.delete(connectionId);
    this.vanished.add(connectionId);
    connection?.socket.terminate();
  }

  async stop(): Promise<void> {
    for (const { socket } of this.connections.values()) socket.terminate();
    await Promise.allSettled([...this.pending]);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      setTimeout(resolve, 1000).unref();
    });
  }
}
