import { createHash, randomUUID } from "node:crypto";
import WebSocket from "ws";

/**
 * Post-deploy smoke test: `npm run orders:smoke -- --api <orders_api_url> [--ws <orders_websocket_url>] [--token <JWT>]`
 * (token also from ORDERS_TOKEN). Creates a small and a presigned large order, follows them to COMPLETED
 * over GET and, with --ws, over the WebSocket; checks replay and bad input. Exit 1 on any mismatch.
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const api = option("api")?.replace(/\/$/, "");
const wsUrl = option("ws");
const token = option("token") ?? process.env.ORDERS_TOKEN;
const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

async function call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { ...headers, ...extra },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function waitForTerminal(orderId: string): Promise<string> {
  for (let i = 0; i < 120; i++) {
    const { body } = await call("GET", `/orders/${orderId}`);
    if (["COMPLETED", "PAYMENT_DECLINED", "FAILED"].includes(body?.status)) return body.status;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return "TIMEOUT";
}

async function main(): Promise<void> {
  if (!api) throw new Error("--api <orders_api_url> is required (the orders_api_url output)");
  const socket = wsUrl ? new WebSocket(`${wsUrl}?token=${encodeURIComponent(token ?? "")}`) : undefined;
  const seen: string[] = [];
  if (socket) {
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    socket.on("message", (data) => seen.push(JSON.parse(data.toString()).status));
  }
  const key = randomUUID();
  const order = { items: [{ sku: "SMOKE-1", quantity: 1, unitPriceCents: 100 }], note: "smoke test" };
  const created = await call("POST", "/orders", order, { "idempotency-key": key });
  check(
    created.status === 202 && typeof created.body?.messageId === "string",
    `POST /orders -> 202 with a messageId (got ${created.status})`,
  );
  const replay = await call("POST", "/orders", order, { "idempotency-key": key });
  check(
    replay.headers.get("idempotent-replayed") === "true" && replay.body?.orderId === created.body?.orderId,
    "same Idempotency-Key and body -> the first response replayed",
  );
  socket?.send(JSON.stringify({ action: "subscribe", orderId: created.body.orderId }));
  check((await waitForTerminal(created.body.orderId)) === "COMPLETED", "small order reaches COMPLETED");

  const document = JSON.stringify({ ...order, note: "x".repeat(100_000) });
  const sha256 = createHash("sha256").update(document).digest("hex");
  const presigned = await call("POST", "/presigned-url", { contentType: "application/json", size: Buffer.byteLength(document), sha256 });
  check(presigned.status === 201, `POST /presigned-url -> 201 (got ${presigned.status})`);
  const put = await fetch(presigned.body.url, { method: "PUT", headers: presigned.body.headers, body: document });
  check(put.ok, `presigned PUT accepted by S3 with the SSE-KMS headers (got ${put.status})`);
  const large = await call(
    "POST",
    "/orders",
    { payloadKey: presigned.body.key, size: Buffer.byteLength(document), sha256 },
    { "idempotency-key": randomUUID() },
  );
  check(large.status === 202 && (await waitForTerminal(large.body.orderId)) === "COMPLETED", "large presigned order reaches COMPLETED");

  const bad = await call("POST", "/orders", { items: [{ sku: "", quantity: 0, unitPriceCents: 1 }] }, { "idempotency-key": randomUUID() });
  check(bad.status === 400 && bad.body?.problems?.length === 2, "bad input -> 400 naming every field");
  if (socket) {
    check(seen.includes("COMPLETED"), `WebSocket pushed the status (saw ${seen.join(", ") || "nothing"})`);
    socket.close();
  }
}

main()
  .catch((error) => failures.push(String(error)))
  .finally(() => {
    console.log(failures.length === 0 ? "smoke test passed" : `smoke test FAILED:\n- ${failures.join("\n- ")}`);
    process.exit(failures.length === 0 ? 0 : 1);
  });
