import { Problem, show, ValidationError } from "./problems";

export const SIMULATIONS = ["decline", "gateway-timeout"] as const;
export type Simulation = (typeof SIMULATIONS)[number];

export interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** The order document: sent inline in POST /orders, or uploaded through a presigned URL when large. */
export interface OrderDocument {
  readonly customerName?: string;
  readonly items: readonly OrderItem[];
  readonly currency?: "USD";
  readonly note?: string;
  readonly simulate?: Simulation;
}

/** A reference to an order document already uploaded through POST /presigned-url. */
export interface UploadedOrderRef {
  readonly payloadKey: string;
  readonly size: number;
  readonly sha256: string;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_ITEMS = 10_000;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function unknownFields(value: Record<string, unknown>, known: readonly string[], prefix: string, problems: Problem[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) problems.push({ field: `${prefix}${key}`, message: `is not a known field (known: ${known.join(", ")})` });
  }
}

function parseJson(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? "");
  } catch (error) {
    throw new ValidationError([{ field: "body", message: `must be JSON, but could not be parsed: ${(error as Error).message}` }]);
  }
}

/** Checks an order document; throws {@link ValidationError} listing every problem. */
export function validateOrderDocument(value: unknown, prefix = ""): OrderDocument {
  const problems: Problem[] = [];
  if (!isObject(value))
    throw new ValidationError([{ field: prefix || "body", message: `must be a JSON object, but ${show(value)} was given` }]);
  unknownFields(value, ["customerName", "items", "currency", "note", "simulate"], prefix, problems);
  if (value.customerName !== undefined && (typeof value.customerName !== "string" || value.customerName.length > 200)) {
    problems.push({
      field: `${prefix}customerName`,
      message: `must be a string of at most 200 characters, but ${show(value.customerName)} was given`,
    });
  }
  if (!Array.isArray(value.items) || value.items.length === 0 || value.items.length > MAX_ITEMS) {
    problems.push({ field: `${prefix}items`, message: `must be an array of 1 to ${MAX_ITEMS} items, but ${show(value.items)} was given` });
  } else {
    value.items.forEach((item, i) => {
      const at = `${prefix}items[${i}]`;
      if (!isObject(item)) {
        problems.push({ field: at, message: `must be an object, but ${show(item)} was given` });
        return;
      }
      unknownFields(item, ["sku", "quantity", "unitPriceCents"], `${at}.`, problems);
      if (typeof item.sku !== "string" || item.sku.length < 1 || item.sku.length > 64) {
        problems.push({ field: `${at}.sku`, message: `must be a string of 1 to 64 characters, but ${show(item.sku)} was given` });
      }
      if (!isInt(item.quantity, 1, 1_000_000))
        problems.push({ field: `${at}.quantity`, message: `must be an integer of at least 1, but ${show(item.quantity)} was given` });
      if (!isInt(item.unitPriceCents, 0, 100_000_000_00)) {
        problems.push({
          field: `${at}.unitPriceCents`,
          message: `must be an integer of at least 0, but ${show(item.unitPriceCents)} was given`,
        });
      }
    });
  }
  if (value.currency !== undefined && value.currency !== "USD")
    problems.push({ field: `${prefix}currency`, message: `must be "USD", but ${show(value.currency)} was given` });
  if (value.note !== undefined && typeof value.note !== "string")
    problems.push({ field: `${prefix}note`, message: `must be a string, but ${show(value.note)} was given` });
  if (value.simulate !== undefined && !SIMULATIONS.includes(value.simulate as Simulation)) {
    problems.push({
      field: `${prefix}simulate`,
      message: `must be one of ${SIMULATIONS.map((s) => `"${s}"`).join(", ")}, but ${show(value.simulate)} was given`,
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return value as unknown as OrderDocument;
}

function validateUploadRef(value: Record<string, unknown>, payloadPrefix: string, maxUploadBytes: number): UploadedOrderRef {
  const problems: Problem[] = [];
  unknownFields(value, ["payloadKey", "size", "sha256"], "", problems);
  if (typeof value.payloadKey !== "string" || !value.payloadKey.startsWith(payloadPrefix) || value.payloadKey.includes("..")) {
    problems.push({
      field: "payloadKey",
      message: `must be a key returned by POST /presigned-url (starting with "${payloadPrefix}"), but ${show(value.payloadKey)} was given`,
    });
  }
  if (!isInt(value.size, 1, maxUploadBytes))
    problems.push({ field: "size", message: `must be an integer from 1 to ${maxUploadBytes}, but ${show(value.size)} was given` });
  if (typeof value.sha256 !== "string" || !SHA256_HEX.test(value.sha256)) {
    problems.push({ field: "sha256", message: `must be 64 lowercase hex characters, but ${show(value.sha256)} was given` });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return value as unknown as UploadedOrderRef;
}

export type CreateOrderRequest = { kind: "inline"; order: OrderDocument } | { kind: "uploaded"; ref: UploadedOrderRef };

/** Parses POST /orders: an inline order document, or a reference to an uploaded one. */
export function parseCreateOrder(body: string | undefined, payloadPrefix: string, maxUploadBytes: number): CreateOrderRequest {
  const value = parseJson(body);
  if (isObject(value) && "payloadKey" in value) return { kind: "uploaded", ref: validateUploadRef(value, payloadPrefix, maxUploadBytes) };
  return { kind: "inline", order: validateOrderDocument(value) };
}

export interface PresignRequest {
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

export const UPLOAD_CONTENT_TYPES = ["application/json"] as const;

/** Parses POST /presigned-url. */
export function parsePresignRequest(body: string | undefined, maxUploadBytes: number): PresignRequest {
  const value = parseJson(body);
  if (!isObject(value)) throw new ValidationError([{ field: "body", message: `must be a JSON object, but ${show(value)} was given` }]);
  const problems: Problem[] = [];
  unknownFields(value, ["contentType", "size", "sha256"], "", problems);
  if (!UPLOAD_CONTENT_TYPES.includes(value.contentType as "application/json")) {
    problems.push({ field: "contentType", message: `must be "application/json", but ${show(value.contentType)} was given` });
  }
  if (!isInt(value.size, 1))
    problems.push({ field: "size", message: `must be an integer of at least 1, but ${show(value.size)} was given` });
  if (typeof value.sha256 !== "string" || !SHA256_HEX.test(value.sha256)) {
    problems.push({ field: "sha256", message: `must be 64 lowercase hex characters, but ${show(value.sha256)} was given` });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  if ((value.size as number) > maxUploadBytes) {
    throw new ValidationError([{ field: "size", message: `must be at most ${maxUploadBytes} bytes, but ${value.size} was given` }], 413);
  }
  return value as unknown as PresignRequest;
}

/** Order total in cents (integers only, so no rounding). */
export const totalCents = (order: OrderDocument): number => order.items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
