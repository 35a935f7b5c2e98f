import { lazyHandler, OrdersDeps } from "./shared/deps";
import { publicReason } from "./shared/failure-reason";
import { pushStatus } from "./shared/push";
import { OrdersRepository } from "./shared/repository";
import { CaughtError, OrderEvent, reasonOf } from "./shared/workflow-types";

/** The workflow's failure branch: -> FAILED with a reason the owner can read, pushed to subscribers (the payload is kept for forensics). */
export const makeFailOrderHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return async (input: { orderId: string; messageId: string; error?: CaughtError }): Promise<{ status: "FAILED"; event: OrderEvent }> => {
    // The owner sees a short, safe sentence; the full technical reason stays in the log for operators.
    const reason = publicReason(input.error);
    const { order, changed } = await repository.transition(input.orderId, "FAILED", deps.now(), { reason });
    if (changed) await pushStatus(repository, deps.connections, deps.logger, order);
    deps.logger.warn("order failed", { orderId: input.orderId, reason, detail: reasonOf(input.error) });
    return { status: "FAILED", event: { orderId: input.orderId, messageId: input.messageId, status: "FAILED" } };
  };
};

export const handler = lazyHandler("fail-order", makeFailOrderHandler);
