import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { Webhook } from "standardwebhooks";
import { lazyHandler, OrdersDeps } from "./shared/deps";
import { OrderEvent } from "./shared/workflow-types";

/** The webhook body: a small CloudEvents-like envelope, never the payload nor a URL to it. */
export const webhookBody = (event: OrderEvent, time: string) => ({
  id: `${event.orderId}:${event.status}`,
  type: `order.${event.status.toLowerCase()}`,
  time,
  data: { orderId: event.orderId, messageId: event.messageId, status: event.status, links: { self: `/orders/${event.orderId}` } },
});

/**
 * Delivers order events to the registered endpoints with Standard Webhooks signatures (webhook-id stable
 * across retries, so receivers can deduplicate). A failed delivery fails the record: SQS redelivers it
 * and dead-letters it after the outbox's maxReceiveCount.
 */
export const makeWebhookDispatcherHandler = (deps: OrdersDeps) => {
  async function deliver(record: SQSRecord, signer: Webhook): Promise<void> {
    const event = JSON.parse(record.body) as OrderEvent;
    const body = JSON.stringify(
      webhookBody(event, new Date(Number(record.attributes.SentTimestamp) || deps.now().getTime()).toISOString()),
    );
    const id = `msg_${record.messageId}`;
    const timestamp = deps.now();
    const headers = {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": signer.sign(id, timestamp, body),
    };
    for (const url of deps.settings.webhookUrls) {
      const response = await deps.fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`webhook ${url} answered ${response.status}`);
    }
  }

  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const signer = new Webhook(await deps.webhookSecret());
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        await deliver(record, signer);
      } catch (error) {
        deps.logger.warn("webhook delivery failed; SQS will retry", {
          messageId: record.messageId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error: error as Error,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
};

export const handler = lazyHandler("webhook-dispatcher", makeWebhookDispatcherHandler);
