/** The order status model of the API contract (orders-app-design.md §4.5), shared by the page and the CLI. */
export const ORDER_STATUSES = ["RECEIVED", "PROCESSING", "SAVED", "COMPLETED", "PAYMENT_DECLINED", "FAILED"] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

const TERMINAL: ReadonlySet<string> = new Set<OrderStatus>(["COMPLETED", "PAYMENT_DECLINED", "FAILED"]);

/** True for the statuses after which an order never changes again. */
export const isTerminal = (status: string): boolean => TERMINAL.has(status);

/** Position in the linear status model (terminal statuses share the last place); unknown statuses come first. */
export const statusRank = (status: string): number => (isTerminal(status) ? 3 : ["RECEIVED", "PROCESSING", "SAVED"].indexOf(status));

const LABELS: Record<OrderStatus, string> = {
  RECEIVED: "Received",
  PROCESSING: "Processing",
  SAVED: "Saved",
  COMPLETED: "Completed",
  PAYMENT_DECLINED: "Payment declined",
  FAILED: "Failed",
};

/** A human label for a status; unknown statuses (a newer server) are shown as sent. */
export const statusLabel = (status: string): string => LABELS[status as OrderStatus] ?? status;
