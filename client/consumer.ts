import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, S3Client } from "@aws-sdk/client-s3";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { pipeline, Readable } from "node:stream";
import { ClaimMessage, isInline, parseClaimMessage, S3Claim } from "./claim-message";
import { AwsConnection, ClaimCheckConfig, resolveClients } from "./config";
import { ChecksumMismatchError, MalformedClaimError, PayloadMissingError } from "./errors";
import { DigestingStream } from "./payload-source";

/** S3's "no such object": NotFound from HeadObject (no body to parse), NoSuchKey from GetObject. */
const isMissingObject = (error: unknown): boolean =>
  error instanceof NotFound || error instanceof NoSuchKey || ["NotFound", "NoSuchKey"].includes((error as { name?: string })?.name ?? "");

/** What the consumer does with a payload once its claim is deleted. */
export type CleanupMode = "none" | "delete";

export interface ConsumerOptions extends AwsConnection {
  readonly config: Pick<ClaimCheckConfig, "queueUrl">;
  /**
   * `none` leaves payloads to the bucket's expiry rule (safe with several consumers); `delete` removes a
   * payload after its claim is deleted, never before, best effort. @default "none"
   */
  readonly cleanup?: CleanupMode;
  /**
   * A claim whose payload is gone: `retry` leaves the message, so it reaches the dead-letter queue after
   * maxReceiveCount receives; `drop` deletes it and reports it. @default "retry"
   */
  readonly onMissingPayload?: "retry" | "drop";
  /** Long-polling wait. @default 20 */
  readonly waitTimeSeconds?: number;
  /** Messages per receive (1-10). @default 10 */
  readonly maxMessages?: number;
  /** The queue's visibility timeout, extended while a handler runs. @default - read from the queue */
  readonly visibilityTimeoutSeconds?: number;
  /** Called once per message with what happened to it. */
  readonly onOutcome?: (outcome: Outcome) => void;
  /** Called when a poll fails (network, throttling); `run` waits a second and polls again. */
  readonly onPollError?: (error: Error) => void;
  readonly s3?: S3Client;
  readonly sqs?: SQSClient;
}

/** One received claim, handed to the handler. Reading it verifies size and SHA-256 against the claim. */
export interface ReceivedClaim {
  readonly messageId: string;
  readonly claim: ClaimMessage;
  /** How many times SQS has delivered this message. */
  readonly receiveCount: number;
  /** The whole payload, verified before it is returned. */
  bytes(): Promise<Buffer>;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  /** The payload as a stream that fails, instead of ending, if it does not match the claim. */
  stream(): Promise<Readable>;
}

export type ClaimHandler = (claim: ReceivedClaim) => Promise<void>;

export type OutcomeStatus =
  | "processed"
  | "handler-failed"
  | "payload-missing"
  | "dropped-missing-payload"
  | "checksum-mismatch"
  | "malformed";

export interface Outcome {
  readonly messageId: string;
  readonly status: OutcomeStatus;
  /** Whether the message was deleted (only after success, or a dropped missing payload). */
  readonly deleted: boolean;
  readonly error?: Error;
  /** A failed best-effort payload delete (cleanup "delete"); the expiry rule removes it later. */
  readonly cleanupError?: Error;
}

/**
 * Receives claims, fetches and verifies payloads, runs the handler, and deletes the message only after
 * the handler succeeds. Nothing is lost: a failure leaves the message to be retried and, after
 * maxReceiveCount receives, to move to the dead-letter queue; a payload is deleted (if at all) only after
 * its message.
 */
export class ClaimCheckConsumer {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  private visibilityTimeout?: number;

  constructor(private readonly options: ConsumerOptions) {
    ({ s3: this.s3, sqs: this.sqs } = resolveClients(options));
    this.visibilityTimeout = options.visibilityTimeoutSeconds;
  }

  /** One long poll: receives up to maxMessages claims and processes them concurrently. */
  async poll(handler: ClaimHandler, waitTimeSeconds = this.options.waitTimeSeconds ?? 20, signal?: AbortSignal): Promise<Outcome[]> {
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.config.queueUrl,
        MaxNumberOfMessages: this.options.maxMessages ?? 10,
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      }),
      { abortSignal: signal },
    );
    return Promise.all(Messages.map((message) => this.process(message, handler)));
  }

  /**
   * Polls until the signal aborts; each outcome goes to `onOutcome`. An abort ends the current long poll
   * at once (messages being handled finish first); a failed poll is reported and retried after a second.
   */
  async run(handler: ClaimHandler, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.poll(handler, undefined, signal);
      } catch (error) {
        if (signal.aborted) return;
        this.options.onPollError?.(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async process(message: Message, handler: ClaimHandler): Promise<Outcome> {
    const outcome = await this.outcomeOf(message, handler);
    this.options.onOutcome?.(outcome);
    return outcome;
  }

  private async outcomeOf(message: Message, handler: ClaimHandler): Promise<Outcome> {
    const messageId = message.MessageId!;
    let claim: ClaimMessage;
    try {
      claim = parseClaimMessage(message.Body);
    } catch (error) {
      return { messageId, status: "malformed", deleted: false, error: error as MalformedClaimError };
    }
    if (!isInline(claim)) {
      const missing = await this.checkPayloadExists(claim);
      if (missing) {
        if (this.options.onMissingPayload !== "drop") return { messageId, status: "payload-missing", deleted: false, error: missing };
        await this.deleteMessage(message);
        return { messageId, status: "dropped-missing-payload", deleted: true, error: missing };
      }
    }
    const received = this.receivedClaim(message, claim);
    const stopHeartbeat = await this.keepInvisible(message);
    try {
      await handler(received);
    } catch (error) {
      const status = error instanceof ChecksumMismatchError ? "checksum-mismatch" : error instanceof PayloadMissingError ? "payload-missing" : "handler-failed";
      return { messageId, status, deleted: false, error: error as Error };
    } finally {
      stopHeartbeat();
    }
    await this.deleteMessage(message);
    return { messageId, status: "processed", deleted: true, cleanupError: await this.cleanup(claim) };
  }

  /** Deletes the payload after its message, best effort: the expiry rule is the backstop. */
  private async cleanup(claim: ClaimMessage): Promise<Error | undefined> {
    if (this.options.cleanup !== "delete" || isInline(claim)) return undefined;
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: claim.s3_bucket, Key: claim.s3_key }));
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  private async checkPayloadExists(claim: S3Claim): Promise<PayloadMissingError | undefined> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: claim.s3_bucket, Key: claim.s3_key, VersionId: claim.version_id }));
      return undefined;
    } catch (error) {
      if (isMissingObject(error)) {
        return new PayloadMissingError(claim.s3_bucket, claim.s3_key, { cause: error });
      }
      throw error;
    }
  }

  private deleteMessage(message: Message) {
    return this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.options.config.queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }

  /** Extends the message's visibility every half timeout while the handler runs. */
  private async keepInvisible(message: Message): Promise<() => void> {
    const timeout = await this.queueVisibilityTimeout();
    if (timeout <= 1) return () => undefined;
    const timer = setInterval(() => {
      this.sqs
        .send(new ChangeMessageVisibilityCommand({ QueueUrl: this.options.config.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: timeout }))
        .catch(() => undefined); // a lost extension only risks a duplicate delivery, never a loss
    }, (timeout * 1000) / 2);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async queueVisibilityTimeout(): Promise<number> {
    if (this.visibilityTimeout === undefined) {
      const { Attributes } = await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: this.options.config.queueUrl, AttributeNames: ["VisibilityTimeout"] }),
      );
      this.visibilityTimeout = Number(Attributes?.VisibilityTimeout ?? 30);
    }
    return this.visibilityTimeout;
  }

  private receivedClaim(message: Message, claim: ClaimMessage): ReceivedClaim {
    const stream = async (): Promise<Readable> => {
      const source = isInline(claim) ? Readable.from([Buffer.from(claim.inline.data, "base64")]) : await this.download(claim);
      // pipeline keeps backpressure and passes a source error on; the verifier fails at the end on a mismatch.
      return pipeline(source, new DigestingStream({ size: claim.size, sha256: claim.sha256 }), () => undefined);
    };
    const bytes = async (): Promise<Buffer> => {
      const chunks: Buffer[] = [];
      for await (const chunk of await stream()) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    return {
      messageId: message.MessageId!,
      claim,
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
      stream,
      bytes,
      text: async () => (await bytes()).toString("utf8"),
      json: async <T>() => JSON.parse((await bytes()).toString("utf8")) as T,
    };
  }

  private async download(claim: S3Claim): Promise<Readable> {
    try {
      const response = await this.s3.send(new GetObjectCommand({ Bucket: claim.s3_bucket, Key: claim.s3_key, VersionId: claim.version_id }));
      return response.Body as Readable;
    } catch (error) {
      if (isMissingObject(error)) {
        throw new PayloadMissingError(claim.s3_bucket, claim.s3_key, { cause: error });
      }
      throw error;
    }
  }
}
