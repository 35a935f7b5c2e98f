import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BrowserContext, chromium, Page } from "playwright-core";

import { CHROMIUM_FLAGS } from "../../../apps/orders/web/chromium-flags";

/**
 * Debian's Chromium (scripts/ci/install-chromium.sh installs it), or exactly CHROMIUM_PATH when set.
 * Playwright never downloads a browser here.
 */
function findChromium(): string | undefined {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path) => existsSync(path));
}

/** `describe` when Chromium is installed; otherwise the block is skipped and the reason printed once. */
export function describeInBrowser(name: string, body: (executablePath: string) => void): void {
  const executablePath = findChromium();
  if (executablePath) return describe(name, () => body(executablePath));
  process.stdout.write(
    `SKIPPED "${name}": no Chromium at ${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium or /usr/bin/chromium-browser"}; run scripts/ci/install-chromium.sh\n`,
  );
  describe.skip(name, () => it("needs Chromium", () => undefined));
}

/** A browser with a fresh, throw-away profile (user-data-dir), removed by close(). */
export async function launchChromium(executablePath: string): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "orders-web-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
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
