/** The order status model: every transition is a conditional write from one of its allowed sources. */
export const ORDER_STATUSES = ["RECEIVED", "PROCESSING", "SAVED", "COMPLETED", "PAYMENT_DECLINED", "FAILED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: readonly OrderStatus[] = ["COMPLETED", "PAYMENT_DECLINED", "FAILED"];

/**
 * Target status -> statuses it may be reached from. PROCESSING -> PROCESSING is the one self-loop: a redelivery of
 * the SAME SQS message (the repository's startProcessing guards the message id; another id is a DuplicateClaimError).
 */
export const ALLOWED_SOURCES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  RECEIVED: [],
  PROCESSING: ["RECEIVED", "PROCESSING"],
  SAVED: ["PROCESSING"],
  COMPLETED: ["SAVED"],
  PAYMENT_DECLINED: ["SAVED"],
  FAILED: ["RECEIVED", "PROCESSING", "SAVED"],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => ALLOWED_SOURCES[to].includes(from);

/** The transition is not allowed from the order's current status (out of order, or the order is terminal). */
export class InvalidTransitionError extends Error {
  constructor(
    readonly orderId: string,
    readonly from: string | undefined,
    readonly to: OrderStatus,
  ) {
    super(`order ${orderId} cannot go from ${from ?? "(missing)"} to ${to}`);
    this.name = "InvalidTransitionError";
  }
}

/** A second SQS message claims an order that already runs (or will run) under another message id: it must not start a second run. */
export class DuplicateClaimError extends Error {
  constructor(
    readonly orderId: string,
    readonly runningMessageId: string,
    readonly messageId: string,
  ) {
    super(`order ${orderId} already belongs to message ${runningMessageId}; message ${messageId} is a duplicate claim and is dropped`);
    this.name = "DuplicateClaimError";
  }
}

/** The presigned upload already paid for another order. */
export class UploadAlreadyClaimedError extends Error {
  constructor(readonly payloadKey: string) {
    super(`upload ${payloadKey} is already claimed by another order`);
    this.name = "UploadAlreadyClaimedError";
  }
}
