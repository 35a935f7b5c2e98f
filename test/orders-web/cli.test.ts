import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { runCli } from "../../apps/orders/cli";
import { OrdersLocal, startOrdersLocal } from "../../apps/orders/local";

jest.setTimeout(60_000);

/** Runs the CLI in-process with captured output. */
async function orders(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const code = await runCli(args, { stdout, stderr, env: {} });
  return { code, stdout: out, stderr: err };
}

const statusLines = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => /^\d\d:\d\d:\d\d\.\d{3} {2}[A-Z_]+$/.test(l))
    .map((l) => l.split(/\s+/)[1]);

describe("the orders CLI against the local runtime", () => {
  let local: OrdersLocal;
  let folder: string;
  let users = 0;
  const as = () => ["--api", local.url, "--user", `cli-${process.pid}-${++users}`];
  const file = (name: string, content: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };
  const small = (extra: object = {}) => ({ customerName: "Grace", items: [{ sku: "PEN-1", quantity: 2, unitPriceCents: 150 }], ...extra });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "orders-cli-"));
    local = await startOrdersLocal({ logLevel: "ERROR" });
  }, 90_000);
  afterAll(async () => {
    await local?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("create --watch prints each status as it arrives and exits 0 on COMPLETED; get shows the order", async () => {
    const user = as();
    const run = await orders(...user, "create", "--file", file("small.json", small()), "--watch");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [, orderId, messageId] = /^order (\S+) created \(message (\S+)\), status RECEIVED$/m.exec(run.stdout)!;
    // Steps before the subscription come from the order's history, then live events; none twice.
    expect(statusLines(run.stdout)).toEqual(["RECEIVED", "PROCESSING", "SAVED", "COMPLETED"]);

    const get = await orders(...user, "get", orderId);
    expect(get.code).toBe(0);
    const order = JSON.parse(get.stdout);
    expect(order).toMatchObject({ orderId, messageId, status: "COMPLETED", totalCents: 300 });
    expect(order.history.map((h: { status: string }) => h.status)).toEqual(["RECEIVED", "PROCESSING", "SAVED", "COMPLETED"]);

    const watch = await orders(...user, "watch", messageId);
    expect(watch.code).toBe(0);
    expect(statusLines(watch.stdout)).toEqual(["RECEIVED", "PROCESSING", "SAVED", "COMPLETED"]); // a late watcher misses nothing
  });

  it("exits 2 when the payment is declined", async () => {
    const run = await orders(...as(), "create", "--file", file("decline.json", small({ simulate: "decline" })), "--watch");
    expect(statusLines(run.stdout).at(-1)).toBe("PAYMENT_DECLINED");
    expect(run.code).toBe(2);
  });

  it("uploads a file over 64 KiB through the presigned URL with progress, then the order completes", async () => {
    const items = Array.from({ length: 2500 }, (_, i) => ({ sku: `BULK-${i}`, quantity: 1, unitPriceCents: 10 }));
    const path = file("large.json", { items });
    const run = await orders(...as(), "create", "--file", path, "--watch");
    expect(run.code).toBe(0);
    const progress = run.stderr.trim().split("\n");
    expect(progress[0]).toMatch(/^upload 0% \(\d+ of \d+ bytes\)$|^upload (25|50|75|100)% /);
    expect(progress.at(-1)).toMatch(/^upload 100% \((\d+) of \1 bytes\)$/);
    expect(Number(/of (\d+) bytes/.exec(progress.at(-1)!)![1])).toBeGreaterThan(64 * 1024);
    expect(statusLines(run.stdout).at(-1)).toBe("COMPLETED");
  });

  it("--upload sends even a small file through the presigned URL", async () => {
    const run = await orders(...as(), "create", "--file", file("small-upload.json", small()), "--upload", "--watch");
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split("\n").at(-1)).toMatch(/^upload 100% \((\d+) of \1 bytes\)$/);
    expect(statusLines(run.stdout).at(-1)).toBe("COMPLETED");
  });

  it("refuses a bad order file before any request, naming every bad field and value", async () => {
    const user = as();
    const bad = file("bad.json", {
      items: [
        { sku: "", quantity: 0, unitPriceCents: 5 },
        { sku: "B", quantity: 1, unitPriceCents: "5" },
      ],
      simulate: "maybe",
    });
    const run = await orders(...user, "create", "--file", bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        `orders: --file "${bad}" is not a valid order (4 problems):`,
        '  - simulate must be one of "decline", "gateway-timeout", but "maybe" was given',
        '  - items[0].sku must be a non-empty text of at most 64 characters, but "" was given',
        "  - items[0].quantity must be a whole number from 1 to 1,000,000, but 0 was given",
        '  - items[1].unitPriceCents must be a whole number of cents, 0 or more, but "5" was given',
        "",
      ].join("\n"),
    );
    const token = await local.token(user[3]);
    const list = (await (await fetch(`${local.url}/orders`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      orders: unknown[];
    };
    expect(list.orders).toEqual([]);
  });

  it("shows the API's own refusal with its problems, field by field", async () => {
    // Valid for the client, refused by the API: it knows no field "colour".
    const run = await orders(...as(), "create", "--file", file("colour.json", small({ colour: "red" })));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^orders: POST \/orders answered 400: .+\n {2}- colour: is not a known field/);
  });

  it("names the option or file at fault for missing options, unreadable files, bad JSON and unknown orders", async () => {
    expect(await orders("create", "--file", "x.json")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--api <url> is required (or set ORDERS_API_URL)"),
    });
    expect(await orders("--api", "not a url", "get", "x")).toMatchObject({
      code: 1,
      stderr: 'orders: --api must be an http(s) URL, but "not a url" was given\n',
    });
    expect(await orders(...as(), "create")).toMatchObject({
      code: 1,
      stderr: "error: required option '-f, --file <order.json>' not specified\n",
    });
    expect(await orders(...as(), "create", "--file", join(folder, "missing.json"))).toMatchObject({
      code: 1,
      stderr: `orders: --file: cannot read "${join(folder, "missing.json")}": ENOENT\n`,
    });
    const notJson = file("broken.json", "{ items: ");
    expect((await orders(...as(), "create", "--file", notJson)).stderr).toMatch(
      new RegExp(`^orders: --file "${notJson}" is not valid JSON: `),
    );
    expect(await orders(...as(), "watch", "m", "--timeout", "-1")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        "--timeout <seconds>' argument '-1' is invalid. must be a number of seconds above 0, but \"-1\" was given",
      ),
    });
    const unknown = await orders(...as(), "get", "no-such-order");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^orders: GET \/orders\/no-such-order answered 404: /);
  });

  it("the `npm run orders` entry point sets the process exit code from the final status", async () => {
    const cli = join(__dirname, "..", "..", "apps", "orders", "cli", "index.ts");
    // As `npm run orders` runs it: node scripts/ts-run.cjs apps/orders/cli/index.ts ...
    const args = [
      join(__dirname, "..", "..", "scripts", "ts-run.cjs"),
      cli,
      ...as(),
      "create",
      "-f",
      file("spawned.json", small({ simulate: "decline" })),
      "-w",
    ];
    // Asynchronous on purpose: the runtime answering the child lives in this process's event loop.
    const result = await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, NODE_NO_WARNINGS: "1" },
      timeout: 45_000,
    }).then(
      (r) => ({ ...r, code: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    expect(result.stderr).toBe("");
    expect(statusLines(result.stdout).at(-1)).toBe("PAYMENT_DECLINED");
    expect(result.code).toBe(2);
  });
});
