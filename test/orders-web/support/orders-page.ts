import { Page } from "playwright-core";

/** Page-level steps of the browser tests, through what a person sees: labels, roles and texts. */
export async function signIn(page: Page, url: string, user: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Your name").fill(user);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as ${user}`).waitFor();
}

/**
 * Opens the page already signed in as the user, with a token of the local issuer kept in the tab's sessionStorage
 * as the page itself keeps it after signing in. For tests about something else than signing in: the sign-in form
 * costs a few Playwright round trips per test (signIn, kept for the tests of signing in).
 */
export async function openSignedIn(page: Page, url: string, token: string, user: string): Promise<void> {
  await page.addInitScript((kept) => sessionStorage.setItem("orders.token", kept), token);
  await page.goto(url);
  await page.getByText(`Signed in as ${user}`).waitFor();
}

/** Waits for the status panel's final banner and returns its text. */
export async function finalStatus(page: Page, timeout = 30_000): Promise<string> {
  const banner = page.locator("#final-status");
  await banner.waitFor({ state: "visible", timeout });
  return (await banner.innerText()).trim();
}

/** The status timeline as [step label, has a time] pairs. */
export async function timeline(page: Page): Promise<[string, boolean][]> {
  return page
    .locator("#timeline li")
    .evaluateAll((items) =>
      items.map((li) => [li.querySelector(".step")!.textContent!, li.querySelector("time") !== null] as [string, boolean]),
    );
}

/** The order id the page shows in the status panel. */
export const shownOrderId = (page: Page): Promise<string> => page.locator("#status-order-id").innerText();

/** Waits until a row of a table (recent orders or webhooks) for the order contains a text. */
export async function rowText(
  page: Page,
  table: "#recent-orders" | "#webhooks",
  orderId: string,
  contains: string,
  timeout = 20_000,
): Promise<string> {
  const row = page.locator(`${table} tr[data-order-id="${orderId}"]`).filter({ hasText: contains }).first();
  await row.waitFor({ timeout });
  return row.innerText();
}
