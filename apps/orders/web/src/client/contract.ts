/** The request and response shapes of the orders API contract (docs/orders.md), as the clients use them. */

export interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** A small order sent inline; a large order's uploaded document has the same shape. */
export interface InlineOrder {
  readonly customerName?: string;
  readonly items: readonly OrderItem[];
  readonly currency?: "USD";
  readonly note?: string;
  readonly simulate?: "decline" | "gateway-timeout";
}

/** A large order whose document was uploaded through POST /presigned-url. */
export interface UploadedOrder {
  readonly payloadKey: string;
  readonly size: number;
  readonly sha256: string;
}

export interface Problem {
  readonly field: string;
  readonly message: string;
}

export interface PresignRequest {
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

export interface PresignedUpload {
  readonly key: string;
  readonly url: string;
  readonly method: "PUT";
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface CreatedOrder {
  readonly orderId: string;
  readonly messageId: string;
  readonly status: string;
  readonly links?: { readonly self: string };
}

export interface OrderDetails {
  readonly orderId: string;
  readonly messageId: string;
  readonly status: string;
  readonly totalCents?: number;
  /** Why a FAILED or PAYMENT_DECLINED order stopped: a short sentence for its owner. */
  readonly reason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly history: readonly { readonly status: string; readonly at: string; readonly reason?: string }[];
}

export interface OrderSummary {
  readonly orderId: string;
  readonly messageId: string;
  readonly status: string;
  readonly createdAt: string;
  readonly totalCents?: number;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly receivedAt: string;
  readonly eventType: string;
  readonly orderId: string;
  readonly status: string;
  readonly signatureValid: boolean;
  readonly attempt: number;
}

/** GET /config.json: where the API and the WebSocket are, and how to sign in. */
export interface SiteConfig {
  readonly apiUrl: string;
  readonly wsUrl: string;
  readonly auth: {
    /** "local": POST tokenUrl issues a token; "jwt": an external issuer (paste a token or follow loginUrl). */
    readonly mode: "local" | "jwt" | "none" | string;
    readonly tokenUrl?: string;
    /** Where a person obtains a token on AWS, e.g. a Cognito hosted UI authorize URL (implicit flow back to this page). */
    readonly loginUrl?: string;
  };
}

/** Messages the WebSocket API sends. */
export type LiveMessage =
  | { readonly type: "subscribed"; readonly orderId: string; readonly messageId: string; readonly status: string; readonly reason?: string }
  | {
      readonly type: "status";
      readonly orderId: string;
      readonly messageId: string;
      readonly status: string;
      readonly at: string;
      readonly reason?: string;
    }
  | { readonly type: "error"; readonly message: string };
