/// <reference lib="dom" />
import { OrdersApi } from "../client/api";
import { LiveMessage } from "../client/contract";
import { LiveState, LiveStatus, SocketLike } from "../client/live";
import { formatCents } from "../client/order-input";
import { isTerminal, statusLabel, statusRank, STEPS } from "../client/statuses";
import { byId, el, localTime } from "./dom";

interface Tracked {
  readonly orderId: string;
  messageId: string;
  status: string;
  totalCents?: number;
  /** Why a FAILED or PAYMENT_DECLINED order stopped, as the API tells its owner. */
  reason?: string;
  /** When each status was reached (from GET /orders/{id} history and from live events). */
  readonly reached: Map<string, string>;
}

const FINAL_TEXT: Record<string, string> = {
  COMPLETED: "✓ Completed: the order is saved and paid.",
  PAYMENT_DECLINED: "✗ Payment declined: the simulated payment refused this order (declined on request, or over $10,000).",
  FAILED: "✗ Failed: the order could not be processed (for example its document did not match its checksum).",
};

/**
 * The "Order status" panel: follows orders over the WebSocket (reconnecting on its own) and shows the
 * selected one's timeline. GET /orders/{id} fills in any transition missed while disconnected.
 */
export class Tracker {
  private readonly orders = new Map<string, Tracked>();
  private selected?: string;
  private readonly live: LiveStatus;
  private readonly connection = byId("connection");

  constructor(
    private readonly api: OrdersApi,
    wsUrl: string,
    token: () => string | undefined,
    private readonly onStatus: (orderId: string, status: string) => void,
  ) {
    this.live = new LiveStatus({
      wsUrl,
      token,
      connect: (url) => new WebSocket(url) as unknown as SocketLike,
      onMessage: (message) => this.receive(message),
      onState: (state) => this.showConnection(state),
    });
  }

  /** Shows an order and follows it live until its final status. */
  track(orderId: string, messageId: string, status = "RECEIVED"): void {
    const order = this.orders.get(orderId) ?? { orderId, messageId, status, reached: new Map<string, string>() };
    if (!order.reached.has(status)) order.reached.set(status, new Date().toISOString());
    this.orders.set(orderId, order);
    this.selected = orderId;
    this.render();
    void this.refresh(orderId);
    if (!isTerminal(order.status)) this.live.follow(messageId ? { messageId } : { orderId });
  }

  stop(): void {
    this.live.stop();
  }

  private receive(message: LiveMessage): void {
    if (message.type === "error") return this.announce(`Live updates: ${message.message}`);
    const order = this.orders.get(message.orderId);
    if (!order) return;
    order.messageId = message.messageId;
    if (message.reason) order.reason = message.reason;
    this.advance(order, message.status, message.type === "status" ? message.at : undefined);
    // After a (re)subscribe the server sends only the current status: read the history for the steps missed.
    if (message.type === "subscribed") void this.refresh(order.orderId);
  }

  private advance(order: Tracked, status: string, at?: string): void {
    const before = order.status;
    if (!order.reached.has(status)) order.reached.set(status, at ?? new Date().toISOString());
    if (statusRank(status) > statusRank(order.status)) order.status = status; // events may arrive out of order; never go back
    if (order.status !== before) {
      if (order.orderId === this.selected) this.announce(`Order ${order.orderId.slice(0, 8)}: ${statusLabel(order.status)}`);
      this.onStatus(order.orderId, order.status);
    }
    this.render();
  }

  private async refresh(orderId: string): Promise<void> {
    try {
      const details = await this.api.getOrder(orderId);
      const order = this.orders.get(orderId)!;
      order.totalCents = details.totalCents;
      if (details.reason) order.reason = details.reason;
      if (details.messageId) order.messageId = details.messageId;
      for (const entry of details.history ?? []) order.reached.set(entry.status, entry.at);
      this.advance(order, details.status);
    } catch {
      // The live channel still delivers; GET is only the fill-in.
    }
  }

  private render(): void {
    const order = this.selected ? this.orders.get(this.selected) : undefined;
    byId("status-empty").hidden = Boolean(order);
    byId("status-body").hidden = !order;
    if (!order) return;
    byId("status-order-id").textContent = order.orderId;
    byId("status-message-id").textContent = order.messageId || "–";
    byId("status-total").textContent = order.totalCents === undefined ? "–" : formatCents(order.totalCents);
    const final = isTerminal(order.status) ? order.status : undefined;
    const steps = [...STEPS, final ?? "COMPLETED"];
    byId("timeline").replaceChildren(
      ...steps.map((step) => {
        const at = order.reached.get(step);
        const state = !at ? "pending" : step === "PAYMENT_DECLINED" || step === "FAILED" ? "bad" : "done";
        const label = !at && step === "COMPLETED" ? "Completed, declined or failed" : statusLabel(step);
        return el(
          "li",
          { "data-state": state, "data-status": step },
          el("span", { class: "step" }, label),
          at ? el("time", { datetime: at }, localTime(at, true)) : el("span", { class: "visually-hidden" }, " (not yet)"),
        );
      }),
    );
    const banner = byId("final-status");
    banner.hidden = !final;
    banner.className = `banner ${final === "COMPLETED" ? "banner-ok" : "banner-error"}`;
    const reason = final && final !== "COMPLETED" && order.reason ? ` Reason: ${order.reason}` : "";
    banner.textContent = final ? `${FINAL_TEXT[final] ?? statusLabel(final)}${reason}` : "";
  }

  private announce(text: string): void {
    byId("status-announcer").textContent = text;
  }

  private showConnection(state: LiveState): void {
    this.connection.dataset.state = state.state;
    this.connection.textContent =
      state.state === "connected"
        ? "Live updates: connected"
        : state.state === "connecting"
          ? "Live updates: connecting…"
          : state.state === "reconnecting"
            ? `Live updates: reconnecting in ${(state.delayMs / 1000).toFixed(1)} s (attempt ${state.attempt})`
            : "Live updates: off";
  }
}
