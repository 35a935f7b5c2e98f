import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Message } from "@aws-sdk/client-sqs";

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** The Lambda event of received messages, shaped like the event source mapping's. */
export function toSqsEvent(messages: readonly Message[], queueArn: string, region: string): SQSEvent {
  return {
    Records: messages.map((m): SQSRecord => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? "",
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? "1",
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? "local",
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          { dataType: v.DataType ?? "String", stringValue: v.StringValue, stringListValues: [], binaryListValues: [] },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? "",
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

/**
 * The SQS event source mapping on loopback: long-polls the queue, calls the handler with up to 10 records,
 * deletes every record not listed in batchItemFailures (ReportBatchItemFailures); a thrown error fails
 * the whole batch. Failed records become visible again after the queue's visibility timeout.
 */
export class SqsTrigger {
  private running = true;
  private loop?: Promise<void>;
  /** Ends the pending long poll on stop(), so that stopping does not wait out WaitTimeSeconds. */
  private readonly polling = new AbortController();
  private inFlight = 0;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly handler: SqsHandler,
    private readonly region: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ["QueueArn"] }));
    const queueArn = Attributes?.QueueArn ?? this.queueUrl;
    this.loop = (async () => {
      while (this.running) {
        try {
          const { Messages } = await this.sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: this.queueUrl,
              MaxNumberOfMessages: 10,
              WaitTimeSeconds: 1,
              MessageSystemAttributeNames: ["All"],
              MessageAttributeNames: ["All"],
            }),
            { abortSignal: this.polling.signal },
          );
          if (!Messages?.length || !this.running) continue;
          this.inFlight++;
          try {
            await this.deliver(toSqsEvent(Messages, queueArn, this.region));
          } finally {
            this.inFlight--;
          }
        } catch (error) {
          if (!this.running) break;
          this.onError(error);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    })();
  }

  /** Runs the handler on an event and deletes what succeeded (tests also use it to deliver a record twice). */
  async deliver(event: SQSEvent): Promise<SQSBatchResponse> {
    let failed: Set<string>;
    let response: SQSBatchResponse = { batchItemFailures: [] };
    try {
      response = await this.handler(event);
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch (error) {
      this.onError(error);
      failed = new Set(event.Records.map((r) => r.messageId));
    }
    const done = event.Records.filter((r) => !failed.has(r.messageId));
    if (done.length > 0) {
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
    return response;
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.polling.abort(); // a receive in flight is dropped: its messages stay in the queue
    await this.loop;
  }
}
