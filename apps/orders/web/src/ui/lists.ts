/// <reference lib="dom" />
import { OrdersApi } from "../client/api";
import { OrderSummary, WebhookDelivery } from "../client/contract";
import { formatCents } from "../client/order-input";
import { statusLabel } from "../client/statuses";
import { byId, el, localTime, shortId } from "./dom";

const badge = (status: string) => el("span", { class: "badge", "data-status": status }, statusLabel(status));

/** "My recent orders": GET /orders; each row's button shows that order in the status panel. */
export class RecentOrders {
  private readonly body = byId("recent-orders").querySelector("tbody")!;

  constructor(
    private readonly api: OrdersApi,
    private readonly onShow: (order: OrderSummary) => void,
  ) {
    byId("refresh-orders").addEventListener("click", () => void this.refresh());
  }

  async refresh(): Promise<void> {
    let orders: OrderSummary[];
    try {
      orders = await this.api.listOrders();
    } catch (error) {
      byId("recent-empty").textContent = `Could not load your orders: ${(error as Error).message}`;
      byId("recent-empty").hidden = false;
      return;
    }
    byId("recent-empty").textContent = "No orders yet.";
    byId("recent-empty").hidden = orders.length > 0;
    this.body.replaceChildren(
      ...orders.map((order) => {
        const show = el(
          "button",
          { type: "button", class: "link-button", "aria-label": `Show order ${order.orderId}` },
          el("code", {}, shortId(order.orderId)),
        );
        show.addEventListener("click", () => this.onShow(order));
        return el(
          "tr",
          { "data-order-id": order.orderId },
          el("td", {}, show),
          el("td", {}, badge(order.status)),
          el("td", {}, order.totalCents === undefined ? "–" : formatCents(order.totalCents)),
          el("td", {}, el("time", { datetime: order.createdAt }, localTime(order.createdAt))),
        );
      }),
    );
  }
}

/** Local runtime only: what the webhook receiver got, each with its verified signature. */
export class WebhookDeliveries {
  private readonly body = byId("webhooks").querySelector("tbody")!;
  private timers: ReturnType<typeof setTimeout>[] = [];

  constructor(private readonly api: OrdersApi) {
    byId("refresh-webhooks").addEventListener("click", () => void this.refresh());
  }

  /** Deliveries are asynchronous (topic, outbox, dispatcher): look again a few times after a final status. */
  refreshSoon(): void {
    this.timers.forEach(clearTimeout);
    this.timers = [300, 1_000, 2_500, 5_000, 10_000].map((ms) => setTimeout(() => void this.refresh(), ms));
  }

  async refresh(): Promise<void> {
    let deliveries: WebhookDelivery[];
    try {
      deliveries = await this.api.webhookDeliveries();
    } catch {
      byId("webhooks-card").hidden = true; // not the local runtime
      return;
    }
    byId("webhooks-card").hidden = false;
    byId("webhooks-empty").hidden = deliveries.length > 0;
    // The local receiver gets every user's deliveries: the newest ten are enough to see yours arrive.
    const newestFirst = [...deliveries].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, 10);
    this.body.replaceChildren(
      ...newestFirst.map((d) =>
        el(
          "tr",
          { "data-order-id": d.orderId },
          el("td", {}, el("time", { datetime: d.receivedAt }, localTime(d.receivedAt))),
          el("td", {}, d.eventType, el("br"), el("code", { class: "sub", title: d.orderId }, shortId(d.orderId))),
          el(
            "td",
            {},
            el("span", { class: `badge ${d.signatureValid ? "valid" : "invalid"}` }, d.signatureValid ? "✓ verified" : "✗ invalid"),
          ),
          el("td", {}, String(d.attempt)),
        ),
      ),
    );
  }
}
