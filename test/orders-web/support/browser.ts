import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Page } from "playwright-core";
import { findChromium, noChromium } from "../../../apps/orders/web/chromium";
import { describeIf } from "../../support/describe-if";

export { launchChromium } from "../../../apps/orders/web/chromium";

/** `describe` when Chromium is installed; otherwise the block is skipped and the reason printed once. */
export function describeInBrowser(name: string, body: (executablePath: string) => void): void {
  const executablePath = findChromium();
  describeIf(name, executablePath ? undefined : noChromium(), () => body(executablePath!));
}

/** Where the browser tests leave each final screen (gitignored): test-output/orders-web/<name>.png + .txt. */
const SCREENSHOT_DIR = join(__dirname, "..", "..", "..", "test-output", "orders-web");

/**
 * Saves a full-page screenshot and the page's text at that moment, and returns that text so the test
 * can check the screenshot shows what it should.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const text = await page.evaluate(() => document.body.innerText);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  writeFileSync(join(SCREENSHOT_DIR, `${name}.txt`), text);
  return text;
}
