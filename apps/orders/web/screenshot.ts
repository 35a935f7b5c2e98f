// The callback given to waitForFunction runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOrdersLocal } from "../local";
import { buildWeb } from "./build";
import { findChromium, launchChromium, noChromium } from "./chromium";

/**
 * `npm run orders:web:screenshot`: regenerates docs/images/orders-page.png from the real page on the
 * local runtime (a declined order, a small order and a large order), in Debian's Chromium.
 */
async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(noChromium());
  const webDir = buildWeb({ outDir: mkdtempSync(join(tmpdir(), "orders-web-shot-")) });
  const local = await startOrdersLocal({ webDir, logLevel: "ERROR" });
  const browser = await launchChromium(executablePath);
  try {
    const page = await browser.context.newPage();
    await page.goto(local.url);
    await page.getByLabel("Your name").fill("ada");
    await page.getByRole("button", { name: "Sign in" }).click();
    const place = async (customer: string, price: string, payment: string) => {
      await page.getByLabel("Customer name").fill(customer);
      await page.getByLabel("Unit price (USD)").fill(price);
      await page.getByLabel("Payment").selectOption({ label: payment });
      await page.getByRole("button", { name: "Place order", exact: true }).click();
      await page.locator("#final-status").waitFor({ state: "visible" });
    };
    await place("Charles Babbage", "12500", "Approve");
    await place("Ada Lovelace", "24.90", "Approve");
    await page.getByRole("button", { name: /generated sample/ }).click();
    await page.getByRole("button", { name: "Upload and place order" }).click();
    await page.getByText("Order placed.").waitFor();
    await page.locator("#final-status.banner-ok").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("#webhooks tbody tr").length >= 3, null, { timeout: 15_000 });
    await page.mouse.move(0, 0);
    const path = join(__dirname, "..", "..", "..", "docs", "images", "orders-page.png");
    await page.screenshot({ path, fullPage: true });
    process.stdout.write(`wrote ${path}\n`);
  } finally {
    await browser.close();
    await local.stop();
    rmSync(webDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
