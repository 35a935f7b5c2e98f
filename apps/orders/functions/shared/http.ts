import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { Problem, ValidationError } from "./problems";

/** An HTTP API (payload 2.0) event; the JWT authorizer's claims sit in requestContext.authorizer.jwt.claims. */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2["requestContext"] & { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};
export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string; headers: Record<string, string> };

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** The error body of the contract: one readable sentence plus every problem by field. */
export const errorResponse = (statusCode: number, error: string, problems: readonly Problem[] = []): HttpResult =>
  json(statusCode, { error, problems });

/** The caller: the JWT's subject, or "anonymous" when the stack allows anonymous access and no token came. */
export function callerOf(event: HttpEvent, allowAnonymous: boolean): string | undefined {
  const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
  if (typeof sub === "string" && sub.length > 0) return sub;
  return allowAnonymous ? "anonymous" : undefined;
}

/** The body as text (HTTP API base64-encodes binary bodies). */
export const bodyText = (event: HttpEvent): string | undefined =>
  event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;

export const header = (event: HttpEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === wanted);
  return entry?.[1];
};

/** Runs a route; validation errors become 4xx with every problem, anything else a logged 500 without internals. */
export async function handleHttp(log: (error: unknown) => void, route: () => Promise<HttpResult>): Promise<HttpResult> {
  try {
    return await route();
  } catch (error) {
    if (error instanceof ValidationError) return errorResponse(error.statusCode, error.message, error.problems);
    log(error);
    return errorResponse(500, "The request could not be processed; it was not applied. Try again.");
  }
}
