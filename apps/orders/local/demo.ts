import { createHash } from "node:crypto";
import WebSocket from "ws";
import { OrdersLocal, startOrdersLocal } from "./index";

/** `npm run orders:demo`: the scenarios of the source document, headless, against the local runtime; exit 1 on any mismatch. */
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const TERMINAL = ["COMPLETED", "PAYMENT_DECLINED", "FAILED"];
const started = Date.now();
const log = (line: string) => console.log(`[${String(Date.now() - started).padStart(6)} ms] ${line}`);

async function scenario(
  local: OrdersLocal,
  token: string,
  name: string,
  expected: string,
  prepare: () => Promise<unknown>,
): Promise<boolean> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const socket = new WebSocket(`${local.wsUrl}?token=${token}`);
  const seen: string[] = [];
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString());
    if (message.status) seen.push(message.status);
  });
  const body = await prepare();
  const response = await fetch(`${local.url}/orders`, {
    method: "POST",
    headers: { ...headers, "idempotency-key": `${name}-${Date.now()}` },
    body: JSON.stringify(body),
  });
  const created = (await response.json()) as { orderId: string; messageId: string };
  socket.send(JSON.stringify({ action: "subscribe", messageId: created.messageId }));
  let status = "";
  for (let i = 0; i < 300 && !TERMINAL.includes(status); i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = ((await (await fetch(`${local.url}/orders/${created.orderId}`, { headers })).json()) as { status: string }).status;
  }
  await new Promise((r) => setTimeout(r, 100));
  socket.close();
  const ok = response.status === 202 && status === expected && seen.includes(expected);
  log(
    `${ok ? "ok  " : "FAIL"} [${name}] POST /orders ${response.status} | WebSocket saw: ${[...new Set(seen)].join(" -> ")} | final: ${status} (expected ${expected})`,
  );
  return ok;
}

async function presignedUpload(local: OrdersLocal, token: string, document: string, uploaded = document) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const presigned = (await (
    await fetch(`${local.url}/presigned-url`, {
      method: "POST",
      headers,
      body: JSON.stringify({ contentType: "application/json", size: Buffer.byteLength(document), sha256: sha256(document) }),
    })
  ).json()) as { key: string; url: string; headers: Record<string, string> };
  const put = await fetch(presigned.url, { method: "PUT", headers: presigned.headers, body: uploaded });
  log(`       presigned PUT ${put.status} ${presigned.key} ${Buffer.byteLength(uploaded)} bytes`);
  return { payloadKey: presigned.key, size: Buffer.byteLength(document), sha256: sha256(document) };
}

async function main(): Promise<number> {
  const local = await startOrdersLocal({ logLevel: "ERROR" });
  log(`local runtime on ${local.url}`);
  try {
    const token = await local.token("demo-user");
    const item = { sku: "BOOK-1", quantity: 2, unitPriceCents: 1250 };
    const large = JSON.stringify({ customerName: "Big Buyer", items: [item], note: "x".repeat(128_000) });
    const results = [
      await scenario(local, token, "small/inline", "COMPLETED", async () => ({ items: [item] })),
      await scenario(local, token, "large/presigned", "COMPLETED", () => presignedUpload(local, token, large)),
      await scenario(local, token, "declined", "PAYMENT_DECLINED", async () => ({
        items: [{ sku: "CAR", quantity: 1, unitPriceCents: 2_000_000 }],
      })),
      await scenario(local, token, "gateway-timeout", "COMPLETED", async () => ({ items: [item], simulate: "gateway-timeout" })),
      await scenario(local, token, "sha mismatch", "FAILED", () => presignedUpload(local, token, large, large.replace("Big", "Bad"))),
    ];
    for (let i = 0; i < 100 && local.webhooks.deliveries.length < results.length; i++) await new Promise((r) => setTimeout(r, 50));
    const webhooks = local.webhooks.deliveries;
    log(`webhooks received: ${webhooks.map((d) => `${d.signatureValid ? "sig-ok" : "SIG-BAD"}:${d.status}`).join(", ")}`);
    const executions = [...local.stepFunctions.executions.values()];
    log(`executions: ${executions.map((e) => e.status).join(",")}`);
    const webhooksOk = webhooks.length === results.length && webhooks.every((d) => d.signatureValid);
    if (!webhooksOk) log("FAIL expected one verified webhook per order");
    return results.every(Boolean) && webhooksOk ? 0 : 1;
  } finally {
    await local.stop();
  }
}

main().then(
  (code) => {
    log(code === 0 ? "demo passed" : "demo FAILED");
    process.exit(code);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
