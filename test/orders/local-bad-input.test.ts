import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { createPublicKey, verify } from "node:crypto";
import WebSocket from "ws";
import { OrdersLocal, startOrdersLocal } from "../../apps/orders/local";
import { apiClient, liveSocket, sha256, smallOrder } from "./support/local-client";

jest.setTimeout(60_000);

let local: OrdersLocal;
let alice: Awaited<ReturnType<typeof apiClient>>;

beforeAll(async () => {
  local = await startOrdersLocal({ logLevel: "SILENT" });
  alice = await apiClient(local, "alice");
});
afterAll(() => local?.stop());

const queued = async () =>
  Number(
    (
      await local.deps.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: local.resources.queueUrl,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      )
    ).Attributes?.ApproximateNumberOfMessages,
  );

/** Nothing half-written: no order listed, no claim queued, no execution started. */
async function expectNothingWritten(): Promise<void> {
  expect((await alice.call("GET", "/orders")).body.orders).toEqual([]);
  expect(await queued()).toBe(0);
  expect(local.stepFunctions.executions.size).toBe(0);
}

const fields = (body: { problems: { field: string }[] }) => body.problems.map((p) => p.field).sort();

test("POST /orders names every bad field at once, with the bad value", async () => {
  const response = await alice.call("POST", "/orders", {
    items: [{ sku: "", quantity: 0, unitPriceCents: -1 }, "x"],
    currency: "EUR",
    simulate: "explode",
    colour: "red",
  });
  expect(response.status).toBe(400);
  expect(fields(response.body)).toEqual([
    "Idempotency-Key",
    "colour",
    "currency",
    "items[0].quantity",
    "items[0].sku",
    "items[0].unitPriceCents",
    "items[1]",
    "simulate",
  ]);
  expect(response.body.error).toMatch(/^Invalid request \(8 problems\)/);
  const quantity = response.body.problems.find((p: { field: string }) => p.field === "items[0].quantity");
  expect(quantity.message).toBe("must be an integer of at least 1, but 0 was given");
  expect((await alice.createOrder("{not json")).body.problems[0]).toMatchObject({ field: "body" });
  expect((await alice.createOrder({})).body.problems).toEqual([
    { field: "items", message: "must be an array of 1 to 10000 items, but nothing was given" },
  ]);
  await expectNothingWritten();
});

test("POST /orders rejects bodies over the limit with 413, and unknown or foreign uploads", async () => {
  const tooBig = await alice.createOrder(JSON.stringify(smallOrder({ note: "y".repeat(300_000) })));
  expect(tooBig.status).toBe(413);
  expect(tooBig.body.problems[0].field).toBe("body");
  const unknown = await alice.createOrder({ payloadKey: "payloads/2026-01-01/nope", size: 10, sha256: sha256("x") });
  expect(unknown.status).toBe(404);
  expect(unknown.body.problems[0].field).toBe("payloadKey");
  const badRef = await alice.createOrder({ payloadKey: "elsewhere/x", size: 0, sha256: "ABC" });
  expect(badRef.status).toBe(400);
  expect(fields(badRef.body)).toEqual(["payloadKey", "sha256", "size"]);

  const bob = await apiClient(local, "bob");
  const presigned = await bob.call("POST", "/presigned-url", { contentType: "application/json", size: 20, sha256: sha256("y") });
  const stolen = await alice.createOrder({ payloadKey: presigned.body.key, size: 20, sha256: sha256("y") });
  expect(stolen.status).toBe(404);
  const notUploaded = await bob.createOrder({ payloadKey: presigned.body.key, size: 20, sha256: sha256("y") }, "bob-key");
  expect(notUploaded.status).toBe(400);
  expect(notUploaded.body.error).toMatch(/has not been uploaded yet/);
  // The key was released: the same Idempotency-Key works once the upload is there.
  await fetch(presigned.body.url, { method: "PUT", headers: presigned.body.headers, body: "y".repeat(20) });
  expect((await bob.createOrder({ payloadKey: presigned.body.key, size: 20, sha256: sha256("y") }, "bob-key")).status).not.toBe(409);
  await local.stepFunctions.idle();
  expect((await alice.call("GET", "/orders")).body.orders).toEqual([]);
});

test("POST /presigned-url validates content type, size and sha256 together; too large is 413", async () => {
  const bad = await alice.call("POST", "/presigned-url", { contentType: "text/html", size: 1.5, sha256: "zz" });
  expect(bad.status).toBe(400);
  expect(fields(bad.body)).toEqual(["contentType", "sha256", "size"]);
  const huge = await alice.call("POST", "/presigned-url", { contentType: "application/json", size: 11 * 1024 * 1024, sha256: sha256("x") });
  expect(huge.status).toBe(413);
  expect(huge.body.problems[0]).toMatchObject({ field: "size" });
});

test("GET /orders/{id} is 404 for an unknown id", async () => {
  const response = await alice.getOrder("no-such-order");
  expect(response.status).toBe(404);
  expect(response.body.problems[0].field).toBe("orderId");
});

test("every route needs a valid token: 401 otherwise", async () => {
  for (const [method, path] of [
    ["POST", "/orders"],
    ["POST", "/presigned-url"],
    ["GET", "/orders"],
    ["GET", "/orders/x"],
  ]) {
    const none = await fetch(`${local.url}${path}`, { method, body: method === "POST" ? "{}" : undefined });
    expect(none.status).toBe(401);
    const forged = await fetch(`${local.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${alice.token.slice(0, -4)}AAAA` },
      body: method === "POST" ? "{}" : undefined,
    });
    expect(forged.status).toBe(401);
    expect((await forged.json()).problems[0].field).toBe("Authorization");
  }
});

test("the WebSocket refuses a bad token with 401 and answers bad subscriptions with an error message", async () => {
  const refused = new WebSocket(`${local.wsUrl}?token=nonsense`);
  const status = await new Promise<number>((resolve) => refused.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
  expect(status).toBe(401);
  const live = await liveSocket(local, alice.token);
  live.socket.send("not json");
  live.send({ action: "dance" });
  live.send({ action: "subscribe" });
  live.send({ action: "subscribe", orderId: "someone-elses" });
  await live.waitFor(() => live.messages.length >= 4);
  expect(live.messages.every((m) => m.type === "error" && typeof m.message === "string")).toBe(true);
  expect(live.messages.map((m) => m.message).join("\n")).toMatch(
    /action must be "subscribe"[\s\S]*orderId or a messageId[\s\S]*someone-elses/,
  );
  await live.close();
});

test("/config.json, /_local/token and the static page follow the contract", async () => {
  expect(await (await fetch(`${local.url}/config.json`)).json()).toEqual({
    apiUrl: local.url,
    wsUrl: local.wsUrl,
    auth: { mode: "local", tokenUrl: "/_local/token" },
  });
  const token = await (await fetch(`${local.url}/_local/token`, { method: "POST", body: JSON.stringify({ sub: "dora" }) })).json();
  expect(token).toEqual({ token: expect.any(String), expiresIn: 3600 });
  // Signed with ORDERS_LOCAL_ISSUER_KEY (the tests' global setup gives one), the key startOrdersLocal defaults to.
  const [header, claims, signature] = (token.token as string).split(".");
  const publicKey = createPublicKey(process.env.ORDERS_LOCAL_ISSUER_KEY!);
  expect(verify("RSA-SHA256", Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, "base64url"))).toBe(true);
  expect((await fetch(`${local.url}/_local/token`, { method: "POST", body: JSON.stringify({ sub: 7 }) })).status).toBe(400);
  expect(await (await fetch(`${local.url}/_local/webhooks`)).json()).toEqual({ deliveries: expect.any(Array) });
  expect((await fetch(`${local.url}/`)).status).toBe(200);
});

test("stop() leaves nothing behind: the gateway and the emulator stop listening", async () => {
  const { url, resources } = local;
  await local.stop();
  await expect(fetch(`${url}/config.json`)).rejects.toThrow();
  await expect(fetch(resources.emulatorEndpoint)).rejects.toThrow();
});
