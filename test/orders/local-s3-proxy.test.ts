import { OrdersLocal, startOrdersLocal } from "../../apps/orders/local";
import { apiClient, sha256 } from "./support/local-client";

jest.setTimeout(60_000);

// The local gateway is not an open S3: /_s3 passes presigned uploads of the API only, bodies are capped.
let local: OrdersLocal;
let alice: Awaited<ReturnType<typeof apiClient>>;

beforeAll(async () => {
  local = await startOrdersLocal({ logLevel: "SILENT" });
  alice = await apiClient(local, "alice");
});
afterAll(() => local?.stop());

const s3 = (path: string, init: RequestInit = {}) => fetch(`${local.url}/_s3${path}`, init);

async function presigned(document: string) {
  const response = await alice.call("POST", "/presigned-url", {
    contentType: "application/json",
    size: Buffer.byteLength(document),
    sha256: sha256(document),
  });
  expect(response.status).toBe(201);
  return response.body as { key: string; url: string; headers: Record<string, string> };
}

test("listing, reading, deleting or writing outside a presigned upload is refused", async () => {
  const bucket = local.resources.bucketName;
  const list = await s3(`/${bucket}?list-type=2`);
  expect(list.status).toBe(405);
  expect((await list.json()).problems[0]).toMatchObject({ field: "method" });
  expect((await s3(`/${bucket}/${local.resources.payloadPrefix}x`, { method: "DELETE" })).status).toBe(405);
  const unsigned = await s3(`/${bucket}/${local.resources.payloadPrefix}forged`, { method: "PUT", body: "{}" });
  expect(unsigned.status).toBe(403);
  expect((await unsigned.json()).problems.map((p: { field: string }) => p.field)).toContain("query");
});

test("a presigned upload passes with its signed size; another size is refused and nothing is stored", async () => {
  const document = JSON.stringify({ items: [{ sku: "A", quantity: 1, unitPriceCents: 100 }] });
  const upload = await presigned(document);
  expect(upload.url.startsWith(`${local.url}/_s3/`)).toBe(true);
  const tooBig = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: `${document}      ` });
  expect(tooBig.status).toBe(403);
  expect((await tooBig.json()).problems[0].field).toBe("X-Amz-Signature");
  const ok = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: document });
  expect(ok.status).toBe(200);
  expect(ok.headers.get("access-control-allow-origin")).toBe(local.url);
});

test("CORS names the gateway's own origin, never *", async () => {
  const preflight = await fetch(`${local.url}/orders`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get("access-control-allow-origin")).toBe(local.url);
});

test("a body over 10 MB is refused with 413 from its Content-Length, before it is read", async () => {
  const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
  const response = await fetch(`${local.url}/_local/token`, { method: "POST", body: big });
  expect(response.status).toBe(413);
  expect((await response.json()).problems[0]).toMatchObject({ field: "body" });
});
