import { OrderEvent } from "./shared/workflow-types";
import { lazyHandler, OrdersDeps } from "./shared/deps";
import { pushStatus } from "./shared/push";
import { OrdersRepository } from "./shared/repository";
import { publicReason } from "./shared/failure-reason";
import { CaughtError } from "./shared/workflow-types";

export interface UpdateOrderInput {
  readonly orderId: string;
  readonly messageId: string;
  /** The payment result, or the caught PaymentDeclined error. */
  readonly payment: { outcome?: string; paymentId?: string } | CaughtError;
}

/** UpdateOrder: SAVED -> COMPLETED (with the payment id) or PAYMENT_DECLINED (with the reason its owner sees), pushed. */
export const makeUpdateOrderHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return async (input: UpdateOrderInput): Promise<{ status: string; totalCents: number; event: OrderEvent }> => {
    const declined = "Error" in input.payment && input.payment.Error === "PaymentDeclined";
    const { order, changed } = declined
      ? await repository.transition(input.orderId, "PAYMENT_DECLINED", deps.now(), { reason: publicReason(input.payment as CaughtError) })
      : await repository.transition(input.orderId, "COMPLETED", deps.now(), {
          paymentId: (input.payment as { paymentId?: string }).paymentId ?? "unknown",
        });
    if (changed) await pushStatus(repository, deps.connections, deps.logger, order);
    deps.logger.info("order updated", { orderId: input.orderId, status: order.status });
    return {
      status: order.status,
      totalCents: order.totalCents ?? 0,
      event: { orderId: input.orderId, messageId: input.messageId, status: order.status },
    };
  };
};

export const handler = lazyHandler("update-order", makeUpdateOrderHandler);
