/// <reference lib="dom" />
import { ApiError, loadConfig, OrdersApi } from "../client/api";
import { SiteConfig } from "../client/contract";
import { isTerminal } from "../client/statuses";
import { apiProblems, byId, showProblems } from "./dom";
import { placeLargeOrder, readOrderFile, UploadProgress } from "./large-order";
import { RecentOrders, WebhookDeliveries } from "./lists";
import { sampleLargeOrder } from "./sample";
import { Session } from "./session";
import { ItemRows, readSmallOrder, runningTotal } from "./small-order";
import { Tracker } from "./tracker";

const session = new Session();

async function boot(): Promise<void> {
  let config: SiteConfig;
  try {
    config = await loadConfig("config.json");
  } catch (error) {
    const banner = byId("boot-error");
    banner.textContent = `The page cannot start: ${(error as Error).message}`;
    banner.hidden = false;
    return;
  }
  const api = new OrdersApi({
    apiUrl: config.apiUrl,
    token: session.token,
    onUnauthorized: () => {
      // The token expired or the API refuses it: back to signing in, saying why.
      session.signOut();
      showSignIn(config);
      byId("sign-in-error").textContent = "Your sign-in expired or was refused by the API. Please sign in again.";
    },
  });
  setUpSignIn(config, api);
  if (session.current || config.auth.mode === "none") startWorkspace(config, api);
  else showSignIn(config);
}

function showSignIn(config: SiteConfig): void {
  byId("sign-in").hidden = false;
  byId("workspace").hidden = true;
  byId("session").hidden = true;
  byId("local-sign-in").hidden = config.auth.mode !== "local";
  byId("token-sign-in").hidden = config.auth.mode === "local" || config.auth.mode === "none";
  byId("anonymous-sign-in").hidden = config.auth.mode !== "none";
  if (config.auth.loginUrl) {
    byId<HTMLAnchorElement>("login-link").href = config.auth.loginUrl;
    byId("login-link-row").hidden = false;
  }
  (byId("sign-in").querySelector("form:not([hidden]) input, form:not([hidden]) textarea") as HTMLElement | null)?.focus();
}

function setUpSignIn(config: SiteConfig, api: OrdersApi): void {
  const error = byId("sign-in-error");
  byId("local-sign-in").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = byId<HTMLInputElement>("user-name");
    error.textContent = "";
    name.removeAttribute("aria-invalid");
    if (!name.value.trim()) {
      name.setAttribute("aria-invalid", "true");
      error.textContent = "Enter a name to sign in as.";
      return name.focus();
    }
    try {
      const { token } = await api.localToken(config.auth.tokenUrl ?? "/_local/token", name.value.trim());
      const problem = session.signIn(token);
      if (problem) throw new Error(problem);
      startWorkspace(config, api);
    } catch (e) {
      error.textContent = `Could not sign in: ${(e as Error).message}`;
    }
  });
  byId("token-sign-in").addEventListener("submit", (event) => {
    event.preventDefault();
    const problem = session.signIn(byId<HTMLTextAreaElement>("token-input").value);
    error.textContent = problem ?? "";
    if (problem) byId("token-input").focus();
    else startWorkspace(config, api);
  });
  byId("anonymous-sign-in").addEventListener("click", () => startWorkspace(config, api));
  byId("sign-out").addEventListener("click", () => {
    session.signOut();
    location.reload();
  });
}

let started = false;

function startWorkspace(config: SiteConfig, api: OrdersApi): void {
  byId("sign-in").hidden = true;
  byId("sign-in-error").textContent = "";
  byId("workspace").hidden = false;
  byId("session").hidden = !session.current;
  byId("session-user").textContent = session.current?.subject ?? "";
  if (started) return;
  started = true;

  const webhooks = new WebhookDeliveries(api);
  const tracker = new Tracker(api, config.wsUrl, session.token, (_orderId, status) => {
    void recent.refresh();
    if (isTerminal(status)) webhooks.refreshSoon();
  });
  const recent = new RecentOrders(api, (order) => {
    tracker.track(order.orderId, order.messageId, order.status);
    byId("status-card").scrollIntoView({ behavior: "smooth", block: "start" });
    byId("status-title").focus();
  });
  byId("status-title").tabIndex = -1;

  const rows = new ItemRows(() => (byId("order-total").textContent = runningTotal(rows)));
  rows.add({ sku: "BOOK-001", quantity: "1", price: "12.50" });
  setUpSmallOrder(api, rows, tracker);
  setUpLargeOrder(api, tracker);
  void recent.refresh();
  if (config.auth.mode === "local") void webhooks.refresh();
  byId("customer-name").focus();
}

/** Places an order with a fresh Idempotency-Key and hands it to the tracker; API problems go to the summary. */
async function place(api: OrdersApi, body: unknown, tracker: Tracker): Promise<void> {
  const created = await api.createOrder(body, crypto.randomUUID());
  tracker.track(created.orderId, created.messageId, created.status);
  // On a phone the status panel is below the forms: bring it into view (the live region announces it anyway).
  if (window.matchMedia("(max-width: 859px)").matches) byId("status-card").scrollIntoView({ behavior: "smooth", block: "start" });
}

function setUpSmallOrder(api: OrdersApi, rows: ItemRows, tracker: Tracker): void {
  const form = byId<HTMLFormElement>("small-order");
  const summary = byId("small-errors");
  const button = byId<HTMLButtonElement>("place-small");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { order, problems } = readSmallOrder(rows);
    if (!order) return showProblems(summary, "The order was not sent. Please correct:", problems);
    showProblems(summary, "", []);
    button.disabled = true;
    try {
      await place(api, order, tracker);
    } catch (error) {
      const inputId = (field: string) => {
        const match = /^items\[(\d+)\]\.(sku|quantity|unitPriceCents)$/.exec(field);
        if (match) return rows.inputId(Number(match[1]), match[2] === "unitPriceCents" ? "price" : (match[2] as "sku" | "quantity"));
        return { customerName: "customer-name", note: "note", simulate: "simulate" }[field];
      };
      const fromApi = error instanceof ApiError ? apiProblems(error.problems, inputId) : [];
      showProblems(summary, "The order was refused:", [{ message: (error as Error).message }, ...fromApi]);
    } finally {
      button.disabled = false;
    }
  });
}

function setUpLargeOrder(api: OrdersApi, tracker: Tracker): void {
  const form = byId<HTMLFormElement>("large-order");
  const input = byId<HTMLInputElement>("order-file");
  const summary = byId("large-errors");
  const button = byId<HTMLButtonElement>("place-large");
  const progress = new UploadProgress();
  byId("sample-file").addEventListener("click", () => {
    const file = new File([JSON.stringify(sampleLargeOrder(), null, 1)], "sample-large-order.json", { type: "application/json" });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.focus();
  });
  input.addEventListener("change", () => progress.reset());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { bytes, problems } = await readOrderFile(input.files?.[0]);
    if (!bytes) return showProblems(summary, "The file was not uploaded. Please correct:", problems);
    showProblems(summary, "", []);
    button.disabled = true;
    try {
      await place(api, await placeLargeOrder(api, bytes, progress), tracker);
      progress.step("Order placed. Follow its status on this page.", 100);
    } catch (error) {
      const fromApi = error instanceof ApiError ? apiProblems(error.problems, () => "order-file") : [];
      showProblems(summary, "The large order failed:", [{ inputId: "order-file", message: (error as Error).message }, ...fromApi]);
    } finally {
      button.disabled = false;
    }
  });
}

void boot();
