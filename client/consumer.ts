import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, NotFound, PutObjectTaggingCommand, S3Client } from "@aws-sdk/client-s3";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import {
  CLAIM_ATTRIBUTE_NAMES,
  ClaimFormat,
  ClaimMessage,
  InlineClaim,
  isInline,
  readClaimMessage,
  S3Claim,
  Verification,
  verificationOf,
} from "./claim-message";
import { claimRefusal, payloadPrefixProblem } from "./claim-scope";
import { AwsConnection, ClaimCheckConfig, DEFAULT_SOCKET_TIMEOUT_MS, resolveClients } from "./config";
import {
  ChecksumMismatchError,
  ClaimCheckConfigError,
  ClaimRefusedError,
  LeaseLostError,
  MalformedClaimError,
  PayloadAccessDeniedError,
  PayloadMissingError,
} from "./errors";
import { CONSUMED_TAG as CONSUMED_TAG_CONTRACT } from "../modules/claim-check/spec/cleanup";
import { Lease } from "./lease";
import { claimedDigest, sha256Hex, verifiedBytes, VerifyingStream } from "./payload-source";

/** S3's "no such object": NotFound from HeadObject (no body to parse), NoSuchKey from GetObject. */
const isMissingObject = (error: unknown): boolean =>
  error instanceof NotFound || error instanceof NoSuchKey || ["NotFound", "NoSuchKey"].includes((error as { name?: string })?.name ?? "");

/** S3's 403: without s3:ListBucket it is also S3's answer for a missing key, hence the module grants it. */
const isAccessDenied = (error: unknown): boolean =>
  (error as { name?: string })?.name === "AccessDenied" ||
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 403;

/** The tag that the module's lifecycle rule expires a day later (cleanup "tag"), in the S3 API's shape. */
export const CONSUMED_TAG = { Key: CONSUMED_TAG_CONTRACT.key, Value: CONSUMED_TAG_CONTRACT.value } as const;

/**
 * What the consumer does with a payload once its claim is deleted (never when the lease was lost):
 * `none` leaves it to the bucket's expiry rule; `tag` tags it `ClaimCheckState=consumed` so that the
 * module's lifecycle rule expires it a day later (safe against a duplicate delivery); `delete` removes it
 * at once (a duplicate delivered later finds no payload).
 */
export type CleanupMode = "none" | "delete" | "tag";

export interface ConsumerOptions extends AwsConnection {
  /**
   * The module's outputs. `bucketName` and `payloadPrefix` bound what the consumer reads: a claim on any
   * other bucket or key is refused before any S3 call; without them only inline claims are accepted.
   */
  readonly config: Pick<ClaimCheckConfig, "queueUrl"> & Partial<Pick<ClaimCheckConfig, "bucketName" | "payloadPrefix">>;
  /** See {@link CleanupMode}. @default "none" */
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
  /**
   * The visibility timeout asked for on each receive, and extended while a handler runs. @default - the
   * queue's, read once
   */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Hash payloads of 1 MiB or more on a separate thread while the next bytes are read: faster downloads
   * where a core is free, at about 12 MiB more RSS. Off, hashing runs between reads on the event loop
   * (on the 2-core benchmark machine, shared with the emulator, the thread gained little). @default false
   */
  readonly hashOnThread?: boolean;
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
  /** The wire format of the message. */
  readonly format: ClaimFormat;
  /** What reading the payload verifies: claims from other producers may carry no size or SHA-256. */
  readonly verification: Verification;
  /** How many times SQS has delivered this message. */
  readonly receiveCount: number;
  /** Aborted when the message's lease is lost: another consumer may process it. */
  readonly signal: AbortSignal;
  /** The whole payload, verified before it is returned. */
  bytes(): Promise<Buffer>;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  /** The payload as a stream that fails, instead of ending, if it does not match the claim; closed when the handler ends. */
  stream(): Promise<Readable>;
}

export type ClaimHandler = (claim: ReceivedClaim) => Promise<void>;

export type OutcomeStatus =
  | "processed"
  | "handler-failed"
  | "payload-missing"
  | "dropped-missing-payload"
  | "checksum-mismatch"
  | "malformed"
  | "refused"
  | "access-denied"
  | "lease-lost"
  | "failed";

export interface Outcome {
  readonly messageId: string;
  readonly status: OutcomeStatus;
  /** Whether the message was deleted (only after success, or a dropped missing payload). */
  readonly deleted: boolean;
  readonly error?: Error;
  /** The message's wire format, once parsed. */
  readonly format?: ClaimFormat;
  /** What was verified of the payload, once parsed. */
  readonly verification?: Verification;
  /** A failed payload delete or tag (cleanup "delete" or "tag"); the expiry rule removes it later. */
  readonly cleanupError?: Error;
}

/**
 * Receives claims, fetches and verifies payloads, runs the handler, and deletes the message only after
 * the handler succeeds. Nothing is lost: a failure leaves the message to be retried and, after
 * maxReceiveCount receives, to move to the dead-letter queue; a payload is deleted or tagged (if at all)
 * only after its message, and only when the message's lease was held without a gap until then.
 */
export class ClaimCheckConsumer {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  private visibilityTimeout?: number;

  constructor(private readonly options: ConsumerOptions) {
    const prefixProblem = payloadPrefixProblem(options.config.payloadPrefix ?? "");
    if (prefixProblem) throw new ClaimCheckConfigError(`payloadPrefix ${prefixProblem}`);
    ({ s3: this.s3, sqs: this.sqs } = resolveClients(options));
    this.visibilityTimeout = options.visibilityTimeoutSeconds;
  }

  /**
   * One long poll: receives up to `maxMessages` claims and processes them concurrently. Resolves when every
   * message has its outcome (one each); rejects only when the receive itself fails.
   */
  async poll(
    handler: ClaimHandler,
    waitTimeSeconds = this.options.waitTimeSeconds ?? 20,
    signal?: AbortSignal,
    maxMessages = this.options.maxMessages ?? 10,
  ): Promise<Outcome[]> {
    const timeout = await this.queueVisibilityTimeout(signal);
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.config.queueUrl,
        MaxNumberOfMessages: maxMessages,
        WaitTimeSeconds: waitTimeSeconds,
        // The lease the consumer keeps is exactly the one SQS grants, even when visibilityTimeoutSeconds is set.
        VisibilityTimeout: timeout,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        MessageAttributeNames: CLAIM_ATTRIBUTE_NAMES,
      }),
      { abortSignal: signal },
    );
    const receivedAt = Date.now();
    return Promise.all(Messages.map((message) => this.process(message, handler, new Lease(receivedAt, timeout * 1000))));
  }

  /**
   * Polls until the signal aborts; each outcome goes to `onOutcome`. An abort ends the current long poll
   * at once (messages being handled finish first, and the next poll starts only after all of them); a
   * failed poll is reported and retried after a second.
   */
  async run(handler: ClaimHandler, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.poll(handler, undefined, signal);
      } catch (error) {
        if (signal.aborted) return;
        try {
          this.options.onPollError?.(error as Error);
        } catch (observerError) {
          warnObserverFailed("onPollError", "a failed poll", observerError); // the run goes on
        }
        // An abort meanwhile ends the wait (and the run) at once.
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async process(message: Message, handler: ClaimHandler, lease: Lease): Promise<Outcome> {
    let outcome: Outcome;
    try {
      outcome = await this.outcomeOf(message, handler, lease);
    } catch (error) {
      // S3 or SQS failed for this message alone (network, 5xx, throttling): it stays on the queue.
      outcome = { messageId: message.MessageId!, status: "failed", deleted: false, error: error as Error };
    }
    lease.end();
    try {
      this.options.onOutcome?.(outcome);
    } catch (error) {
      // An observer's bug must not cost the other messages of the poll their outcomes.
      warnObserverFailed("onOutcome", `message ${outcome.messageId}`, error);
    }
    return outcome;
  }

  private async outcomeOf(message: Message, handler: ClaimHandler, lease: Lease): Promise<Outcome> {
    const messageId = message.MessageId!;
    let read: { claim: ClaimMessage; format: ClaimFormat };
    try {
      read = readClaimMessage(message.Body, message.MessageAttributes);
    } catch (error) {
      return { messageId, status: "malformed", deleted: false, error: error as MalformedClaimError };
    }
    const { claim, format } = read;
    const base = { messageId, format, verification: verificationOf(claim) };
    if (!isInline(claim)) {
      const refusal = claimRefusal(claim, this.options.config);
      if (refusal)
        return { ...base, status: "refused", deleted: false, error: new ClaimRefusedError(claim.s3_bucket, claim.s3_key, refusal) };
    }
    // The lease is kept from here on, through the download too; it stops before the message is deleted.
    const heartbeat = this.keepLease(message, lease);
    let handled: Outcome | undefined;
    try {
      handled = await this.handle(message, claim, format, handler, lease, base);
    } finally {
      await heartbeat.stop();
    }
    if (handled?.status === "dropped-missing-payload") await this.deleteMessage(message);
    if (handled) return handled;
    if (!lease.heldAt(Date.now())) {
      // Still try the delete (it works if no one has received the message since), but it proves nothing.
      await this.deleteMessage(message).catch(() => undefined);
      return { ...base, status: "lease-lost", deleted: false, error: new LeaseLostError(messageId, lease.reason(Date.now())) };
    }
    await this.deleteMessage(message);
    const answeredAt = Date.now();
    if (!lease.heldAt(answeredAt))
      return { ...base, status: "lease-lost", deleted: false, error: new LeaseLostError(messageId, lease.reason(answeredAt)) };
    return { ...base, status: "processed", deleted: true, cleanupError: await this.cleanup(claim) };
  }

  /**
   * Opens the payload and runs the handler while the lease is kept: an outcome when the message must stay
   * (or is to be dropped, its payload missing), undefined when the handler succeeded.
   */
  private async handle(
    message: Message,
    claim: ClaimMessage,
    format: ClaimFormat,
    handler: ClaimHandler,
    lease: Lease,
    base: Pick<Outcome, "messageId" | "format" | "verification">,
  ): Promise<Outcome | undefined> {
    let prefetched: Readable | undefined;
    if (!isInline(claim)) {
      try {
        prefetched = await this.download(claim);
      } catch (error) {
        if (error instanceof PayloadMissingError && this.options.onMissingPayload === "drop")
          return { ...base, status: "dropped-missing-payload", deleted: true, error };
        return { ...base, status: statusOf(error), deleted: false, error: error as Error };
      }
    }
    const received = this.receivedClaim(message, claim, format, lease, prefetched);
    try {
      // A lease lost while the payload was opened reaches the handler as an aborted signal.
      await handler(received.claim);
      return undefined;
    } catch (error) {
      return { ...base, status: statusOf(error, "handler-failed"), deleted: false, error: error as Error };
    } finally {
      received.release();
    }
  }

  /** After a confirmed delete of the message: deletes or tags the payload, best effort (the expiry rule is the backstop). */
  private async cleanup(claim: ClaimMessage): Promise<Error | undefined> {
    const mode = this.options.cleanup ?? "none";
    if (mode === "none" || isInline(claim)) return undefined;
    try {
      if (mode === "delete") await this.s3.send(new DeleteObjectCommand({ Bucket: claim.s3_bucket, Key: claim.s3_key }));
      else {
        await this.s3.send(
          new PutObjectTaggingCommand({
            Bucket: claim.s3_bucket,
            Key: claim.s3_key,
            VersionId: claim.version_id,
            Tagging: { TagSet: [{ ...CONSUMED_TAG }] },
          }),
        );
      }
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  private deleteMessage(message: Message) {
    return this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.options.config.queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }

  /**
   * Extends the message's visibility a third of the timeout at a time, from before the download until the
   * handler ends. A failed extension loses the lease (reported, and the payload is then never deleted);
   * once stopped, failures are ignored (they never shorten the visibility granted).
   */
  private keepLease(message: Message, lease: Lease): { stop: () => Promise<void> } {
    const timeout = this.visibilityTimeout ?? 0;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let inFlight: Promise<void> | undefined;
    let cancel: AbortController | undefined; // made with the first extension: most messages need none
    const beat = () => {
      const sentAt = Date.now();
      if (stopped || !lease.heldAt(sentAt)) return;
      const extension = new ChangeMessageVisibilityCommand({
        QueueUrl: this.options.config.queueUrl,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: timeout,
      });
      // Each attempt (the SDK retries) checks first: none starts once the heartbeat is stopped, so none can
      // follow the delete, while one already on the wire may still be answered and count.
      extension.middlewareStack.add(
        (next) => async (args) => {
          if (stopped) throw Object.assign(new Error("the heartbeat was stopped"), { name: "HeartbeatStopped" });
          return next(args);
        },
        { step: "finalizeRequest", priority: "low" },
      );
      inFlight = this.sqs
        .send(extension, { abortSignal: (cancel ??= new AbortController()).signal })
        .then(
          () => lease.renewed(sentAt),
          // Once stopped (the extension aborted), a failure means nothing: it never shortens the visibility granted.
          (error: Error) => void (stopped || lease.lose(`extending its visibility failed: ${error.name}: ${error.message}`)),
        )
        .finally(() => {
          inFlight = undefined;
          // Timed from when this extension was sent: a slow answer must not push the next one past the deadline.
          if (!stopped) timer = setTimeout(beat, Math.max(0, sentAt + lease.heartbeatMs - Date.now())).unref();
        });
    };
    if (timeout > 0) timer = setTimeout(beat, lease.heartbeatMs).unref();
    return {
      // Before the caller deletes the message: lets the extension in flight be answered (it still counts) for at
      // most STOP_WAIT_MS, then aborts it. No attempt starts after this (see the middleware above).
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        const pending = inFlight;
        if (pending) {
          const answered = await Promise.race([pending.then(() => true), sleep(STOP_WAIT_MS, false, { ref: false })]);
          if (!answered) cancel?.abort();
        }
      },
    };
  }

  /** How long the response opened before the handler is reused by `stream()`: an idle one hits the socket timeout. */
  private prefetchFreshMs(): number {
    return Math.min(5_000, (this.options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS) / 2);
  }

  private async queueVisibilityTimeout(signal?: AbortSignal): Promise<number> {
    if (this.visibilityTimeout === undefined) {
      const { Attributes } = await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: this.options.config.queueUrl, AttributeNames: ["VisibilityTimeout"] }),
        { abortSignal: signal },
      );
      this.visibilityTimeout = Number(Attributes?.VisibilityTimeout ?? 30);
    }
    return this.visibilityTimeout;
  }

  private receivedClaim(
    message: Message,
    claim: ClaimMessage,
    format: ClaimFormat,
    lease: Lease,
    prefetched: Readable | undefined,
  ): { claim: ReceivedClaim; release: () => void } {
    let unread = prefetched;
    /** Every stream handed out: one the handler opened and left unread must not hold its socket (and the process). */
    const handedOut: Readable[] = [];
    const prefetchedAt = Date.now();
    const stream = async (): Promise<Readable> => {
      let source: Readable;
      if (isInline(claim)) source = Readable.from([inlineBytes(claim)]);
      else if (unread && Date.now() - prefetchedAt < this.prefetchFreshMs()) [source, unread] = [unread, undefined];
      else {
        unread = void unread?.destroy(); // an idle response may have hit the socket timeout: open a new one
        source = await this.download(claim);
      }
      // Keeps backpressure and passes a source error on; stops past the claimed size and fails at the end
      // on a mismatch.
      const verifying = new VerifyingStream(
        source,
        { size: claim.size, sha256: claim.sha256 },
        { hashOnThread: this.options.hashOnThread },
      );
      handedOut.push(verifying);
      return verifying;
    };
    const bytes = async (): Promise<Buffer> => {
      // An inline payload is already in memory: checked whole, without a stream around it.
      if (isInline(claim)) return verifiedBytes(inlineBytes(claim), claim);
      const chunks: Buffer[] = [];
      for await (const chunk of await stream()) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    return {
      claim: {
        messageId: message.MessageId!,
        claim,
        format,
        verification: verificationOf(claim),
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
        get signal() {
          return lease.signal;
        },
        stream,
        bytes,
        text: async () => (await bytes()).toString("utf8"),
        json: async <T>() => JSON.parse((await bytes()).toString("utf8")) as T,
      },
      release: () => {
        unread?.destroy();
        for (const stream of handedOut) stream.destroy();
      },
    };
  }

  /**
   * Opens the payload (GetObject alone tells a missing key: no HeadObject first). With a claimed size it
   * asks for one byte more than claimed, enough to tell a longer object, never the whole of it.
   */
  private async download(claim: S3Claim): Promise<Readable> {
    const range = claim.size !== undefined && claim.size > 0 ? `bytes=0-${claim.size}` : undefined;
    try {
      const response = await this.s3.send(
        new GetObjectCommand({ Bucket: claim.s3_bucket, Key: claim.s3_key, VersionId: claim.version_id, Range: range }),
      );
      return response.Body as Readable;
    } catch (error) {
      if (isMissingObject(error)) throw new PayloadMissingError(claim.s3_bucket, claim.s3_key, { cause: error });
      if (isAccessDenied(error)) throw new PayloadAccessDeniedError(claim.s3_bucket, claim.s3_key, { cause: error });
      if ((error as { name?: string }).name === "InvalidRange") {
        // The claim says there are bytes, the object is empty.
        throw new ChecksumMismatchError(claimedDigest(claim), { size: 0, sha256: sha256Hex(Buffer.alloc(0)) });
      }
      throw error;
    }
  }
}

const inlineBytes = (claim: InlineClaim): Buffer => Buffer.from(claim.inline.data, "base64");

/** An observer callback's error, as a process warning: it must not change what the consumer does. */
const warnObserverFailed = (callback: string, what: string, error: unknown) =>
  process.emitWarning(`${callback} threw for ${what}: ${(error as Error)?.stack ?? String(error)}`, "ClaimCheckWarning");

/** How long stopping a heartbeat waits for the answer to its extension in flight before it aborts it. */
const STOP_WAIT_MS = 1000;

/** The outcome status an error stands for. */
function statusOf(error: unknown, otherwise: OutcomeStatus = "failed"): OutcomeStatus {
  if (error instanceof ChecksumMismatchError) return "checksum-mismatch";
  if (error instanceof PayloadMissingError) return "payload-missing";
  if (error instanceof PayloadAccessDeniedError) return "access-denied";
  return otherwise;
}
