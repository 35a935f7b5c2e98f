import { randomUUID } from "node:crypto";
import { IncomingMessage } from "node:http";
import type { HttpEvent, HttpResult } from "../functions/shared/http";

export type HttpHandler = (event: HttpEvent) => Promise<HttpResult>;

export interface HttpRoutes {
  readonly presignedUrl: HttpHandler;
  readonly createOrder: HttpHandler;
  readonly getOrder: HttpHandler;
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly routeKey: string;
  readonly handler: keyof HttpRoutes;
}

/** The routes the HTTP API declares (the construct creates the same route keys). */
const ROUTES: readonly Route[] = [
  { method: "POST", pattern: /^\/presigned-url$/, routeKey: "POST /presigned-url", handler: "presignedUrl" },
  { method: "POST", pattern: /^\/orders$/, routeKey: "POST /orders", handler: "createOrder" },
  { method: "GET", pattern: /^\/orders$/, routeKey: "GET /orders", handler: "getOrder" },
  { method: "GET", pattern: /^\/orders\/(?<orderId>[^/]+)$/, routeKey: "GET /orders/{orderId}", handler: "getOrder" },
];

export const matchRoute = (method: string, path: string): { route: Route; pathParameters?: Record<string, string> } | undefined => {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match && route.method === method) {
      const params = match.groups
        ? Object.fromEntries(Object.entries(match.groups).map(([k, v]) => [k, decodeURIComponent(v)]))
        : undefined;
      return { route, pathParameters: params };
    }
  }
  return undefined;
};

export const isApiPath = (path: string): boolean => ROUTES.some((r) => r.pattern.test(path));

/** The payload-format-2.0 event API Gateway would send, with the JWT authorizer's claims when a token was verified. */
export function toHttpEvent(
  request: IncomingMessage,
  url: URL,
  routeKey: string,
  body: string,
  claims: Record<string, unknown> | undefined,
  pathParameters?: Record<string, string>,
): HttpEvent {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(",") : (v ?? "")]),
  );
  const now = new Date();
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters,
    body: body.length > 0 ? body : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: url.host,
      domainPrefix: "local",
      http: {
        method: request.method ?? "GET",
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: claims ? { jwt: { claims, scopes: [] } } : undefined,
    },
  } as HttpEvent;
}
