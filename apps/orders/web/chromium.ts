import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BrowserContext, chromium } from "playwright-core";

/**
 * The flags every Chromium launch uses (issue 11): headless, no sandbox (containers), and nothing that phones home.
 * --single-process: renderers, GPU and network service run as threads of the browser process instead of processes
 * of their own; the browser tests use about 1.5 CPU-seconds (12 %) less. The mode is known to crash when pages
 * open in a second browser context: launchChromium makes exactly one.
 */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--single-process",
];

/**
 * Debian's Chromium (scripts/ci/install-chromium.sh installs it), or exactly CHROMIUM_PATH when set.
 * Playwright never downloads a browser here.
 */
export function findChromium(): string | undefined {
  return chromiumCandidates().find((path) => existsSync(path));
}

/** Where findChromium looks, in order. */
const chromiumCandidates = (): string[] =>
  process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** What to tell someone without Chromium: where it was looked for, and how to install it. */
export const noChromium = (): string => `no Chromium at ${chromiumCandidates().join(" or ")}: run scripts/ci/install-chromium.sh`;

/**
 * A browser with a fresh, throw-away profile (user-data-dir), removed by close().
 * Open pages with context.newPage() and leave the tab the browser starts with alone: once that tab is closed,
 * every later tab costs about 2.5 times the CPU (measured: the browser tests went from about 7 to 12 CPU-seconds
 * of Chromium).
 */
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
