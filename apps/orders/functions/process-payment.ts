import { createHash } from "node:crypto";
import { lazyHandler, OrdersDeps } from "./shared/deps";
import { OrdersRepository } from "./shared/repository";
import { PaymentDeclined, PaymentGatewayTimeout } from "./shared/workflow-types";

/** Orders above USD 10,000 are declined by the simulated payment provider. */
export const PAYMENT_LIMIT_CENTS = 1_000_000;
/** `simulate: "gateway-timeout"` fails this many attempts before succeeding. */
export const SIMULATED_TIMEOUTS = 2;

export interface ProcessPaymentInput {
  readonly orderId: string;
  readonly amountCents: number;
  readonly simulate: string;
  readonly idempotencyKey: string;
}

/**
 * ProcessPayment (simulated, deterministic): declines over the limit or on request, times out on request
 * for the first attempts (the workflow retries), else approves with a payment id derived from the
 * payment's idempotency key (a retried charge gets the same id).
 */
export const makeProcessPaymentHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return async (input: ProcessPaymentInput): Promise<{ outcome: "APPROVED"; paymentId: string }> => {
    const attempt = await repository.countPaymentAttempt(input.orderId);
    if (input.simulate === "gateway-timeout" && attempt <= SIMULATED_TIMEOUTS) {
      throw new PaymentGatewayTimeout(`simulated gateway timeout on attempt ${attempt}`);
    }
    if (input.simulate === "decline") throw new PaymentDeclined("the card was declined (simulated)");
    if (input.amountCents > PAYMENT_LIMIT_CENTS)
      throw new PaymentDeclined(`amount ${input.amountCents} cents is over the limit of ${PAYMENT_LIMIT_CENTS} cents`);
    const paymentId = `pay_${createHash("sha256").update(input.idempotencyKey).digest("hex").slice(0, 20)}`;
    deps.logger.info("payment approved", { orderId: input.orderId, paymentId, attempt });
    return { outcome: "APPROVED", paymentId };
  };
};

export const handler = lazyHandler("process-payment", makeProcessPaymentHandler);
