import { createHash } from "node:crypto";
import WebSocket from "ws";
import type { OrdersLocal } from "../../../apps/orders/local";

export const sha256 = (text: string | Buffer): string => createHash("sha256").update(text).digest("hex");
export const TERMINAL = ["COMPLETED", "PAYMENT_DECLINED", "FAILED"];

/** A caller of the local API with its own token (subject). */
export async function apiClient(local: OrdersLocal, sub = "alice") {
  const token = await local.token(sub);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const response = await fetch(`${local.url}${path}`, {
      method,
      headers: { ...headers, ...extra },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    token,
    call,
    createOrder: (body: unknown, key = `key-${Math.random()}`) => call("POST", "/orders", body, { "idempotency-key": key }),
    getOrder: (orderId: string) => call("GET", `/orders/${orderId}`),
    /** Polls GET /orders/{id} until the order is terminal. */
    async waitForTerminal(orderId: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await call("GET", `/orders/${orderId}`);
        if (TERMINAL.includes(body?.status)) return body;
        if (Date.now() > deadline) throw new Error(`order ${orderId} is still ${body?.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** A WebSocket client collecting every message it receives. */
export async function liveSocket(local: OrdersLocal, token: string) {
  const socket = new WebSocket(`${local.wsUrl}?token=${encodeURIComponent(token)}`);
  const messages: Record<string, unknown>[] = [];
  socket.on("message", (data) => messages.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return {
    socket,
    messages,
    send: (message: unknown) => socket.send(JSON.stringify(message)),
    async waitFor(predicate: (m: Record<string, unknown>) => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!messages.some(predicate)) {
        if (Date.now() > deadline) throw new Error(`no matching WebSocket message; got ${JSON.stringify(messages)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages.find(predicate)!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        socket.once("close", () => resolve());
        socket.close();
      }),
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const smallOrder = (overrides: Record<string, unknown> = {}) => ({
  customerName: "Ada",
  items: [{ sku: "BOOK-1", quantity: 2, unitPriceCents: 1250 }],
  currency: "USD",
  ...overrides,
});

/** An order document of about `bytes` bytes (a long note), still the inline shape. */
export const largeOrder = (bytes: number) =>
  JSON.stringify({ customerName: "Big Buyer", items: [{ sku: "BULK-1", quantity: 3, unitPriceCents: 999 }], note: "x".repeat(bytes) });
