import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { WebSocket, WebSocketServer } from "ws";

/**
 * A tiny in-memory fake of the orders API contract (docs/orders.md), used only while the real local
 * runtime was not yet available, and kept for the client's own unit tests. Statuses advance on timers.
 */
export async function startFakeOrders(options: { staticDir?: string; stepMs?: number } = {}) {
  const stepMs = options.stepMs ?? 100;
  const orders = new Map<string, { orderId: string; messageId: string; status: string; createdAt: string; totalCents: number; history: { status: string; at: string }[]; sub: string }>();
  const uploads = new Map<string, Buffer>();
  const subscribers = new Map<string, Set<WebSocket>>();
  const deliveries: unknown[] = [];
  const server = createServer((req, res) => void handle(req, res).catch((e) => send(res, 500, { error: String(e) })));
  const wss = new WebSocketServer({ noServer: true });
  const origin = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(body));
  };
  const body = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  // Unsigned look-alike JWTs: the page reads the subject from the payload; the fake trusts it.
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const tokenFor = (sub: string) => `${b64({ alg: "none" })}.${b64({ sub, exp: Math.floor(Date.now() / 1000) + 3600 })}.fake`;
  const subOf = (req: IncomingMessage) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    return token ? (JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { sub: string }).sub : undefined;
  };

  const advance = (orderId: string, statuses: string[]) => {
    const order = orders.get(orderId)!;
    statuses.forEach((status, i) =>
      setTimeout(() => {
        const at = new Date().toISOString();
        order.status = status;
        order.history.push({ status, at });
        for (const ws of subscribers.get(order.messageId) ?? []) ws.send(JSON.stringify({ type: "status", orderId, messageId: order.messageId, status, at }));
        if (["COMPLETED", "PAYMENT_DECLINED"].includes(status)) {
          deliveries.push({ id: randomUUID(), receivedAt: at, eventType: `order.${status.toLowerCase()}`, orderId, status, signatureValid: true, attempt: 1 });
        }
      }, stepMs * (i + 1)),
    );
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, origin());
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /config.json") return send(res, 200, { apiUrl: origin(), wsUrl: `${origin().replace("http", "ws")}/live`, auth: { mode: "local", tokenUrl: "/_local/token" } });
    if (route === "POST /_local/token") return send(res, 200, { token: tokenFor(JSON.parse((await body(req)).toString() || "{}").sub ?? "anonymous"), expiresIn: 3600 });
    if (route === "GET /_local/webhooks") return send(res, 200, { deliveries });
    if (req.method === "PUT" && url.pathname.startsWith("/_s3/")) {
      uploads.set(url.pathname.slice(5), await body(req));
      return res.writeHead(200).end();
    }
    if (req.method === "GET" && !url.pathname.startsWith("/orders") && options.staticDir) {
      const file = join(options.staticDir, normalize(url.pathname === "/" ? "/index.html" : url.pathname));
      if (existsSync(file)) {
        const type = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" }[extname(file)] ?? "application/octet-stream";
        return res.writeHead(200, { "Content-Type": type }).end(readFileSync(file));
      }
    }
    const sub = subOf(req);
    if (!sub) return send(res, 401, { error: "Missing or invalid bearer token." });
    if (route === "POST /presigned-url") {
      const key = `payloads/${randomUUID()}`;
      return send(res, 201, { key, url: `/_s3/${key}`, method: "PUT", headers: { "Content-Type": "application/json" }, expiresAt: new Date(Date.now() + 9e5).toISOString() });
    }
    if (route === "POST /orders") {
      if (!req.headers["idempotency-key"]) return send(res, 400, { error: "Idempotency-Key is required.", problems: [{ field: "Idempotency-Key", message: "missing" }] });
      let order = JSON.parse((await body(req)).toString());
      if (order.payloadKey) {
        const bytes = uploads.get(order.payloadKey)!;
        if (createHash("sha256").update(bytes).digest("hex") !== order.sha256) return send(res, 400, { error: "sha256 mismatch", problems: [{ field: "sha256", message: "mismatch" }] });
        order = JSON.parse(bytes.toString());
      }
      const orderId = randomUUID();
      const messageId = randomUUID();
      const totalCents = order.items.reduce((s: number, i: { quantity: number; unitPriceCents: number }) => s + i.quantity * i.unitPriceCents, 0);
      const at = new Date().toISOString();
      orders.set(orderId, { orderId, messageId, status: "RECEIVED", createdAt: at, totalCents, history: [{ status: "RECEIVED", at }], sub });
      const declined = order.simulate === "decline" || totalCents > 1_000_000;
      advance(orderId, ["PROCESSING", "SAVED", declined ? "PAYMENT_DECLINED" : "COMPLETED"]);
      return send(res, 202, { orderId, messageId, status: "RECEIVED", links: { self: `/orders/${orderId}` } });
    }
    if (route === "GET /orders") {
      const mine = [...orders.values()].filter((o) => o.sub === sub).reverse().slice(0, 20);
      return send(res, 200, { orders: mine.map(({ orderId, messageId, status, createdAt, totalCents }) => ({ orderId, messageId, status, createdAt, totalCents })) });
    }
    const order = orders.get(url.pathname.replace("/orders/", ""));
    if (req.method === "GET" && order && order.sub === sub) return send(res, 200, { ...order, updatedAt: order.history.at(-1)!.at });
    return send(res, 404, { error: "Not found." });
  }

  server.on("upgrade", (req, socket, head) => {
    if (!new URL(req.url!, origin()).searchParams.get("token")) return socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("message", (data) => {
        const { messageId, orderId } = JSON.parse(data.toString());
        const order = [...orders.values()].find((o) => o.messageId === messageId || o.orderId === orderId);
        if (!order) return ws.send(JSON.stringify({ type: "error", message: "no such order" }));
        if (!subscribers.has(order.messageId)) subscribers.set(order.messageId, new Set());
        subscribers.get(order.messageId)!.add(ws);
        ws.send(JSON.stringify({ type: "subscribed", orderId: order.orderId, messageId: order.messageId, status: order.status }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: origin(),
    wsUrl: `${origin().replace("http", "ws")}/live`,
    dropAllSockets: () => wss.clients.forEach((ws) => ws.terminate()),
    stop: async () => {
      wss.clients.forEach((ws) => ws.terminate());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
