import { ExecutionAlreadyExists, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { parseClaimMessage } from "../../../client";
import { lazyHandler, OrdersDeps } from "./shared/deps";
import { pushStatus } from "./shared/push";
import { OrderRecord, OrdersRepository } from "./shared/repository";
import { DuplicateClaimError, InvalidTransitionError } from "./shared/statuses";
import { executionArnFor, ExecutionInput } from "./shared/workflow-types";

/**
 * The SQS trigger (the source's StartExecutionStepFunctions): one Standard execution per claim, named by the
 * SQS message id, so a redelivered message never starts a second one. PROCESSING (with the deterministic
 * execution ARN) is written before the start, so SaveOrder always finds it. Failed records are reported
 * back (ReportBatchItemFailures) and retried by SQS, then dead-lettered.
 */
export const makeStartExecutionHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);

  async function start(record: SQSRecord): Promise<void> {
    const claim = parseClaimMessage(record.body);
    const orderId = claim.metadata?.order_id;
    if (!orderId) throw new Error(`claim ${record.messageId} has no metadata.order_id`);
    const messageId = record.messageId;
    const executionArn = executionArnFor(deps.settings.stateMachineArn, messageId);
    let order: OrderRecord | undefined;
    let changed = false;
    try {
      ({ order, changed } = await repository.startProcessing(orderId, messageId, executionArn, deps.now()));
    } catch (error) {
      // Another message id for an order that already has one: success to the ESM, so the duplicate is dropped.
      if (error instanceof DuplicateClaimError) {
        deps.logger.warn("duplicate claim dropped", { orderId, messageId, runningMessageId: error.runningMessageId });
        return;
      }
      // A redelivered claim whose execution already moved the order on: starting again is a no-op below.
      const current = error instanceof InvalidTransitionError ? await repository.getOrder(orderId) : undefined;
      if (current?.executionArn !== executionArn) throw error;
    }
    const input: ExecutionInput = { orderId, messageId, requestId: claim.metadata?.request_id ?? messageId, claim };
    try {
      await deps.sfn.send(
        new StartExecutionCommand({ stateMachineArn: deps.settings.stateMachineArn, name: messageId, input: JSON.stringify(input) }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists || (error as Error).name === "ExecutionAlreadyExists")) throw error;
      deps.logger.info("execution already started (redelivered claim)", { orderId, messageId });
    }
    if (changed && order) await pushStatus(repository, deps.connections, deps.logger, order);
  }

  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        await start(record);
      } catch (error) {
        deps.logger.error("could not start the workflow for a claim", { messageId: record.messageId, error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
};

export const handler = lazyHandler("start-execution", makeStartExecutionHandler);
