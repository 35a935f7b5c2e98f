// The callbacks given to page.evaluate and waitForFunction run in the browser: they need the DOM types.
/// <reference lib="dom" />
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BrowserContext, Page } from "playwright-core";
import { OrdersLocal, startOrdersLocal } from "../../apps/orders/local";
import { buildWeb } from "../../apps/orders/web/build";
import { describeInBrowser, launchChromium, screenshot } from "./support/browser";
import { finalStatus, openSignedIn, rowText, shownOrderId, signIn, timeline } from "./support/orders-page";

jest.setTimeout(60_000);

/** waitForFunction checks on a timer: by default it checks on every animation frame, which keeps Chromium producing frames. */
const POLL_MS = 50;

describeInBrowser("the orders page in Chromium, against the local runtime", (executablePath) => {
  let local: OrdersLocal;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let webDir: string;
  let users = 0;
  const user = () => `web-${process.pid}-${++users}`;
  /** Opens the page signed in as a new user (or the named one) without the sign-in form, which its own tests cover. */
  const signedIn = async (name = user()) => openSignedIn(page, local.url, await local.token(name), name);

  beforeAll(async () => {
    webDir = buildWeb({ outDir: mkdtempSync(join(tmpdir(), "orders-web-dist-")) });
    local = await startOrdersLocal({ webDir, logLevel: "ERROR" });
    browser = await launchChromium(executablePath);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    page = await browser.context.newPage(); // a new tab: its own sessionStorage, so its own sign-in
  });
  afterEach(() => page.close());

  it("a small order reaches COMPLETED on screen, with its timeline, its row in my orders and a verified webhook", async () => {
    await signedIn();
    await page.getByLabel("Customer name").fill("Ada Lovelace");
    await page.getByLabel("SKU").fill("BOOK-42");
    await page.getByLabel("Quantity").fill("3");
    await page.getByLabel("Unit price (USD)").fill("12.50");
    await page.getByRole("button", { name: "Place order", exact: true }).click();

    expect(await finalStatus(page)).toBe("✓ Completed: the order is saved and paid.");
    expect(await timeline(page)).toEqual([
      ["Received", true],
      ["Processing", true],
      ["Saved", true],
      ["Completed", true],
    ]);
    const orderId = await shownOrderId(page);
    expect(await page.locator("#status-total").innerText()).toBe("$37.50");
    expect(await rowText(page, "#recent-orders", orderId, "Completed")).toContain("$37.50");
    expect(await rowText(page, "#webhooks", orderId, "verified")).toContain("order.completed");
    const text = await screenshot(page, "small-order-completed");
    expect(text).toContain(orderId);
    expect(text).toContain("Completed: the order is saved and paid.");
    expect(text).toContain("✓ verified");
  });

  it("a large order chosen as a file is hashed, uploaded through the presigned URL with a progress bar, and reaches COMPLETED", async () => {
    const folder = mkdtempSync(join(tmpdir(), "orders-web-file-"));
    const file = join(folder, "big-order.json");
    const items = Array.from({ length: 3000 }, (_, i) => ({ sku: `PART-${i}`, quantity: 1, unitPriceCents: 100 }));
    writeFileSync(file, JSON.stringify({ customerName: "Wholesale", items }));
    const requests: string[] = [];
    page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname.replace(/\/_s3\/.*/, "/_s3/…")}`));

    await signIn(page, local.url, user());
    await page.getByLabel("Order document (JSON)").setInputFiles(file);
    const upload = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().includes("/_s3/"));
    await page.getByRole("button", { name: "Upload and place order" }).click();
    const put = await upload;

    expect(put.status()).toBe(200);
    expect(Number(put.request().headers()["content-length"] ?? (await put.request().postDataBuffer())?.length)).toBeGreaterThan(64 * 1024);
    expect(put.request().headers()["x-amz-server-side-encryption"]).toBe("aws:kms");
    expect(await finalStatus(page)).toBe("✓ Completed: the order is saved and paid.");
    expect(await page.locator("#upload-progress").evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(100);
    expect(requests.filter((r) => /^(POST|PUT) /.test(r))).toEqual([
      "POST /_local/token",
      "POST /presigned-url",
      "PUT /_s3/…",
      "POST /orders",
    ]);
    expect(await page.locator("#status-total").innerText()).toBe("$3,000.00");
    const text = await screenshot(page, "large-order-completed");
    expect(text).toContain("Completed: the order is saved and paid.");
    expect(text).toContain("Order placed.");
    rmSync(folder, { recursive: true, force: true });
  });

  it("a declined payment shows as declined, in the timeline, the banner and my orders", async () => {
    await signedIn();
    await page.getByLabel("Payment").selectOption({ label: "Decline" });
    await page.getByRole("button", { name: "Place order", exact: true }).click();

    expect(await finalStatus(page)).toMatch(/^✗ Payment declined: /);
    expect(await timeline(page)).toEqual([
      ["Received", true],
      ["Processing", true],
      ["Saved", true],
      ["Payment declined", true],
    ]);
    expect(await page.locator('#timeline li[data-status="PAYMENT_DECLINED"]').getAttribute("data-state")).toBe("bad");
    const orderId = await shownOrderId(page);
    await rowText(page, "#recent-orders", orderId, "Payment declined");
    // The owner learns why: the reason the API gives travels with the status (GET and WebSocket).
    await page.waitForFunction(() => document.querySelector("#final-status")?.textContent?.includes("Reason: "), undefined, {
      timeout: 10_000,
      polling: POLL_MS,
    });
    expect(await finalStatus(page)).toContain("Reason: The payment was declined: the card was declined (simulated)");
    const text = await screenshot(page, "payment-declined");
    expect(text).toContain("Payment declined: the simulated payment refused this order");
  });

  it("when the WebSocket drops, the page reconnects, re-subscribes and still shows the final status", async () => {
    const name = user();
    let connections = 0;
    const subscribesAfterDrop: string[] = [];
    let orderDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (orderDone = resolve));
    await page.routeWebSocket(/\/live/, (ws) => {
      connections += 1;
      const server = ws.connectToServer();
      if (connections === 1) {
        // The first connection is dropped as soon as the page subscribes: the subscribe never reaches the server.
        ws.onMessage(() => ws.close({ code: 1011, reason: "dropped by the test" }));
        return;
      }
      // Later connections: hold the page's subscribe until the order is final, so every transition is missed live.
      ws.onMessage(async (message) => {
        subscribesAfterDrop.push(String(message));
        await done;
        server.send(message);
      });
    });
    await signedIn(name);
    // Reconnecting lasts at least 250 ms (the first backoff): polling every POLL_MS cannot miss it.
    const reconnecting = page.waitForFunction(() => document.getElementById("connection")?.dataset.state === "reconnecting", null, {
      polling: POLL_MS,
    });
    const created = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/orders");
    await page.getByRole("button", { name: "Place order", exact: true }).click();
    const { orderId, messageId } = (await (await created).json()) as { orderId: string; messageId: string };
    await reconnecting;

    // The order finishes on the server while the page is not subscribed.
    const token = await local.token(name);
    for (let status = ""; status !== "COMPLETED"; await new Promise((r) => setTimeout(r, 100))) {
      const response = await fetch(`${local.url}/orders/${orderId}`, { headers: { Authorization: `Bearer ${token}` } });
      status = ((await response.json()) as { status: string }).status;
    }
    expect(await page.locator("#final-status").isVisible()).toBe(false);
    orderDone();

    expect(await finalStatus(page)).toBe("✓ Completed: the order is saved and paid.");
    expect(connections).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(subscribesAfterDrop[0])).toEqual({ action: "subscribe", messageId });
    // The steps missed while disconnected come from GET /orders/{id}.
    expect(await timeline(page)).toEqual([
      ["Received", true],
      ["Processing", true],
      ["Saved", true],
      ["Completed", true],
    ]);
    await page.locator('#connection[data-state="connected"]').waitFor();
    const text = await screenshot(page, "websocket-reconnected");
    expect(text).toContain("Live updates: connected");
    expect(text).toContain("Completed: the order is saved and paid.");
  });

  it("works with the keyboard alone on a phone-sized screen, with visible focus and AA text contrast", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(local.url);
    // The sign-in field gets the focus (once config.json is read): type a name and press Enter.
    await page.waitForFunction(() => document.activeElement?.id === "user-name", null, { timeout: 5_000, polling: POLL_MS });
    await page.keyboard.press("Control+A");
    await page.keyboard.type(user());
    await page.keyboard.press("Enter");
    // Then the order form has the focus; Enter in a field places the order.
    await page.locator("#workspace").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("customer-name");
    await page.keyboard.type("Keyboard user");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^item-\d+-sku$/);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe("solid");
    await page.keyboard.press("Enter");
    expect(await finalStatus(page)).toBe("✓ Completed: the order is saved and paid.");
    expect(await page.locator("#status-announcer").innerText()).toMatch(/^Order [0-9a-f]{8}: Completed$/);

    const layout = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(layout.page).toBeLessThanOrEqual(layout.viewport); // no sideways scrolling
    const lowContrast = await page.evaluate(() => {
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) =>
        [r, g, b]
          .map((c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
          .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const [r, g, b, a = 1] = rgb(getComputedStyle(el).backgroundColor);
          if (a > 0) return [r, g, b];
        }
        return [255, 255, 255];
      };
      const failures: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
        const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
        if (!ownText || el.offsetParent === null || (el as HTMLButtonElement).disabled || el.closest(".visually-hidden")) continue;
        const style = getComputedStyle(el);
        const [l1, l2] = [luminance(rgb(style.color)), luminance(background(el))].sort((a, b) => b - a);
        const ratio = (l1 + 0.05) / (l2 + 0.05);
        const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5))
          failures.push(`${el.tagName}#${el.id}.${el.className} "${el.textContent!.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
      }
      return failures;
    });
    expect(lowContrast).toEqual([]);
    const text = await screenshot(page, "phone-keyboard-completed");
    expect(text).toContain("Completed: the order is saved and paid.");
  });

  it("with an external issuer (as on AWS), takes a pasted token or one returned in the URL fragment, and refuses a non-token", async () => {
    // config.json as the static site writes it on AWS: no local issuer, a login link instead.
    await page.route("**/config.json", (route) =>
      route.fulfill({
        json: { apiUrl: local.url, wsUrl: local.wsUrl, auth: { mode: "jwt", loginUrl: "https://login.example.com/oauth2/authorize" } },
      }),
    );
    const name = user();
    const token = await local.token(name);
    await page.goto(local.url);
    expect(await page.getByRole("link", { name: "Sign in with the identity provider" }).getAttribute("href")).toBe(
      "https://login.example.com/oauth2/authorize",
    );
    await page.getByLabel("Access token").fill("not-a-token");
    await page.getByRole("button", { name: "Use this token" }).click();
    expect(await page.locator("#sign-in-error").innerText()).toBe(
      "That is not a JWT: a token has three dot-separated parts (header.payload.signature).",
    );
    await page.getByLabel("Access token").fill(token);
    await page.getByRole("button", { name: "Use this token" }).click();
    await page.getByText(`Signed in as ${name}`).waitFor();
    await page.getByRole("button", { name: "Place order", exact: true }).click();
    expect(await finalStatus(page)).toBe("✓ Completed: the order is saved and paid.");

    // The implicit flow of a hosted login page returns to the site with #access_token=…
    const next = await browser.context.newPage();
    await next.route("**/config.json", (route) =>
      route.fulfill({ json: { apiUrl: local.url, wsUrl: local.wsUrl, auth: { mode: "jwt" } } }),
    );
    await next.goto(`${local.url}/#access_token=${token}&token_type=Bearer`);
    await next.getByText(`Signed in as ${name}`).waitFor();
    expect(new URL(next.url()).hash).toBe(""); // the token does not stay in the address bar
    await rowText(next, "#recent-orders", await shownOrderId(page), "Completed");
    await next.close();
  });

  it("when the API refuses the kept token (expired, or not signed by the issuer), goes back to signing in and says why", async () => {
    // A well-formed token, unexpired by its own claims, but not signed by the local issuer: only the API can tell.
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const forged = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({ sub: "mallory", exp: Math.floor(Date.now() / 1000) + 3600 })}.c2lnbmF0dXJl`;
    await page.addInitScript((token) => sessionStorage.setItem("orders.token", token), forged);
    await page.goto(local.url);
    await page.getByText("Your sign-in expired or was refused by the API. Please sign in again.").waitFor();
    expect(await page.locator("#workspace").isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem("orders.token"))).toBeNull();
    await page.getByLabel("Your name").fill(user());
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#workspace").waitFor();
  });

  it("bad form input shows one clear message per field, names the values, and sends nothing", async () => {
    await signedIn();
    const posts: string[] = [];
    page.on("request", (r) => r.method() === "POST" && posts.push(new URL(r.url()).pathname));
    await page.getByLabel("SKU").fill("");
    await page.getByLabel("Quantity").fill("0");
    await page.getByLabel("Unit price (USD)").fill("twelve");
    await page.getByRole("button", { name: "Place order", exact: true }).click();

    const summary = page.locator("#small-errors");
    await summary.waitFor();
    expect(await summary.locator("li").allInnerTexts()).toEqual([
      "Item 1: enter a SKU (the product code), e.g. BOOK-001.",
      'Item 1: quantity must be a whole number from 1 to 1,000,000, but "0" was entered.',
      'Item 1: unit price must be an amount in dollars such as 12.50, but "twelve" was entered.',
    ]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("small-errors");
    expect(await page.getByLabel("Quantity").getAttribute("aria-invalid")).toBe("true");
    // Each message links to its field.
    await summary.getByRole("link", { name: /quantity must be/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^item-\d+-quantity$/);

    // The large order form: no file, then a file that is not an order.
    await page.getByRole("button", { name: "Upload and place order" }).click();
    await page.locator("#large-errors").getByText("Choose an order document (a JSON file), or use the generated sample.").waitFor();
    await page.getByLabel("Order document (JSON)").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"items":[{"sku":"A","quantity":-2,"unitPriceCents":5}]}'),
    });
    await page.getByRole("button", { name: "Upload and place order" }).click();
    await page
      .locator("#large-errors")
      .getByText('In "notes.json": items[0].quantity must be a whole number from 1 to 1,000,000, but -2 was given')
      .waitFor();
    expect(posts).toEqual([]); // neither POST /presigned-url nor POST /orders
    const text = await screenshot(page, "bad-input");
    expect(text).toContain("The order was not sent. Please correct:");
    expect(text).toContain('but "twelve" was entered');
  });
});
