// The order status model of the API contract (orders-app-design.md §4.5): the server's own, shared by the page and the CLI.
import { ORDER_STATUSES, OrderStatus, TERMINAL_STATUSES } from "../../../functions/shared/statuses";

export { ORDER_STATUSES };
export type { OrderStatus };

const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_STATUSES);
/** The statuses an order passes through, in order, before its terminal one. */
export const STEPS: readonly string[] = ORDER_STATUSES.filter((status) => !TERMINAL.has(status));

/** True for the statuses after which an order never changes again. */
export const isTerminal = (status: string): boolean => TERMINAL.has(status);

/** Position in the linear status model (terminal statuses share the last place); unknown statuses come first. */
export const statusRank = (status: string): number => (isTerminal(status) ? STEPS.length : STEPS.indexOf(status));

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
