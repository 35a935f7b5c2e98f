import {
  CreatedOrder,
  OrderDetails,
  OrderSummary,
  PresignedUpload,
  PresignRequest,
  Problem,
  SiteConfig,
  WebhookDelivery,
} from "./contract";

/** An answer of the API other than 2xx, with its readable sentence and its per-field problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface OrdersApiOptions {
  /** The API's origin (and stage path on AWS), e.g. "http://127.0.0.1:8080". */
  readonly apiUrl: string;
  /** Returns the current bearer token, or undefined to send none (anonymous local mode). */
  readonly token?: () => string | undefined;
  /** The fetch to use. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Called when the API answers 401 to a request that carried a token (expired or refused). @default ignore */
  readonly onUnauthorized?: () => void;
}

/** A thin client of the orders HTTP API; the same code runs in the page and in the CLI. */
export class OrdersApi {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: OrdersApiOptions) {
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  /** An absolute URL for a path or URL the API returned (the local presigned URL may be relative). */
  url(pathOrUrl: string): string {
    return new URL(pathOrUrl, this.options.apiUrl.endsWith("/") ? this.options.apiUrl : `${this.options.apiUrl}/`).toString();
  }

  presign(request: PresignRequest): Promise<PresignedUpload> {
    return this.send("POST", "presigned-url", request);
  }

  /** POST /orders; `replayed` is true when the server answered an earlier request with the same key. */
  async createOrder(body: unknown, idempotencyKey: string): Promise<CreatedOrder & { replayed: boolean }> {
    const { json, response } = await this.request("POST", "orders", body, { "Idempotency-Key": idempotencyKey });
    return { ...(json as CreatedOrder), replayed: response.headers.get("Idempotent-Replayed") === "true" };
  }

  getOrder(orderId: string): Promise<OrderDetails> {
    return this.send("GET", `orders/${encodeURIComponent(orderId)}`);
  }

  async listOrders(): Promise<OrderSummary[]> {
    return (await this.send<{ orders: OrderSummary[] }>("GET", "orders")).orders;
  }

  /** Local runtime only: the deliveries its webhook receiver got. */
  async webhookDeliveries(): Promise<WebhookDelivery[]> {
    return (await this.send<{ deliveries: WebhookDelivery[] }>("GET", "_local/webhooks")).deliveries;
  }

  /** Local runtime only: a token from the local issuer. */
  localToken(tokenUrl: string, sub: string): Promise<{ token: string; expiresIn: number }> {
    return this.send("POST", tokenUrl, { sub });
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.request(method, path, body)).json as T;
  }

  private async request(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
    const headers: Record<string, string> = { Accept: "application/json", ...extraHeaders };
    const token = this.options.token?.();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const target = this.url(path);
    let response: Response;
    try {
      response = await this.fetch(target, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, `Could not reach ${target}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.status === 401 && token) this.options.onUnauthorized?.();
    if (!response.ok) throw errorFrom(response.status, json, text, `${method} ${new URL(target).pathname}`);
    return { json, response };
  }
}

function errorFrom(status: number, json: unknown, text: string, what: string): ApiError {
  const body = (json ?? {}) as { error?: unknown; message?: unknown; problems?: unknown };
  const problems = Array.isArray(body.problems) ? (body.problems as Problem[]) : [];
  const sentence =
    typeof body.error === "string" ? body.error : typeof body.message === "string" ? body.message : text.trim().slice(0, 200);
  const fallback = { 401: "You are not signed in, or your token has expired.", 403: "You may not do this.", 404: "Not found." }[status];
  return new ApiError(status, `${what} answered ${status}: ${sentence || fallback || "no details"}`, problems);
}

/** Reads /config.json next to the page (or at a given URL). */
export async function loadConfig(url: string, fetcher: typeof fetch = (...args) => globalThis.fetch(...args)): Promise<SiteConfig> {
  const response = await fetcher(url, { headers: { Accept: "application/json" } });
  if (!response.ok)
    throw new ApiError(response.status, `GET ${url} answered ${response.status}: the page needs a config.json with apiUrl, wsUrl and auth`);
  return (await response.json()) as SiteConfig;
}
