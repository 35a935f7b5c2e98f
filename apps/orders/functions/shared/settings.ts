/** What every handler needs to know about its deployment; read from Lambda environment variables on AWS. */
export interface OrdersSettings {
  readonly region: string;
  readonly tableName: string;
  readonly bucketName: string;
  /** The claim-check module's payload prefix, ending in "/". */
  readonly payloadPrefix: string;
  readonly queueUrl: string;
  /** Full ARN of the claim-check key: uploads must name exactly this key (the bucket policy demands it). */
  readonly kmsKeyArn: string;
  readonly maxMessageSize: number;
  readonly stateMachineArn: string;
  /** The WebSocket API's @connections endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}. */
  readonly connectionsEndpoint: string;
  /** Orders up to this many bytes travel inline in the claim; larger ones go to S3. @default 65536 */
  readonly inlineThresholdBytes: number;
  /** Largest order body POST /orders accepts; larger orders use POST /presigned-url. @default 262144 */
  readonly maxOrderBodyBytes: number;
  /** Largest upload a presigned URL is signed for. @default 10485760 */
  readonly maxUploadBytes: number;
  readonly uploadUrlTtlSeconds: number;
  /** Routes without a JWT authorizer (demo stacks): every caller is "anonymous". */
  readonly allowAnonymous: boolean;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly jwksUri: string;
  /** Webhook endpoints (Standard Webhooks receivers). */
  readonly webhookUrls: readonly string[];
  /** Secrets Manager id of the webhook signing secret (whsec_...), read through the Lambda secrets extension. */
  readonly webhookSecretId: string;
}

export const DEFAULT_INLINE_THRESHOLD = 64 * 1024;
export const DEFAULT_MAX_ORDER_BODY = 256 * 1024;
export const DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024;

const num = (value: string | undefined, fallback: number): number => (value === undefined || value === "" ? fallback : Number(value));

/** Reads the settings the construct passes as environment variables (names in modules/orders/spec/environment.ts). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): OrdersSettings {
  const text = (name: string): string => env[name] ?? "";
  return {
    region: env.AWS_REGION ?? "us-east-1",
    tableName: text("ORDERS_TABLE"),
    bucketName: text("PAYLOAD_BUCKET"),
    payloadPrefix: text("PAYLOAD_PREFIX") || "payloads/",
    queueUrl: text("CLAIM_QUEUE_URL"),
    kmsKeyArn: text("PAYLOAD_KEY_ARN"),
    maxMessageSize: num(env.MAX_MESSAGE_SIZE, 1_048_576),
    stateMachineArn: text("STATE_MACHINE_ARN"),
    connectionsEndpoint: text("CONNECTIONS_ENDPOINT"),
    inlineThresholdBytes: num(env.INLINE_THRESHOLD_BYTES, DEFAULT_INLINE_THRESHOLD),
    maxOrderBodyBytes: num(env.MAX_ORDER_BODY_BYTES, DEFAULT_MAX_ORDER_BODY),
    maxUploadBytes: num(env.MAX_UPLOAD_BYTES, DEFAULT_MAX_UPLOAD),
    uploadUrlTtlSeconds: num(env.UPLOAD_URL_TTL_SECONDS, 300),
    allowAnonymous: env.ALLOW_ANONYMOUS === "true",
    jwtIssuer: text("JWT_ISSUER"),
    jwtAudience: text("JWT_AUDIENCE"),
    jwksUri: text("JWKS_URI"),
    webhookUrls: text("WEBHOOK_URLS")
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean),
    webhookSecretId: text("WEBHOOK_SECRET_ID"),
  };
}
