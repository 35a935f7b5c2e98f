import { S3Client } from "@aws-sdk/client-s3";
import { MessageAttributeValue, SendMessageBatchCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import {
  CLAIM_SCHEMA_VERSION,
  ClaimMessage,
  ClaimMetadata,
  EXTENDED_CLIENT_POINTER_CLASS,
  EXTENDED_PAYLOAD_SIZE_ATTRIBUTE,
  schemaProblems,
  SHA256_ATTRIBUTE,
} from "./claim-message";
import { AwsConnection, ClaimCheckConfig, resolveClients } from "./config";
import { ClaimCheckConfigError, ClaimSendError, ClaimValidationError } from "./errors";
import { show } from "../modules/claim-check/spec/show";
import { uploadInParts, wholeNumberProblem } from "./part-uploader";
import { PayloadInput, peek, sha256Hex, toPayloadSource } from "./payload-source";

/** Room left in a message for its envelope and attributes when a payload travels inline. */
export const ENVELOPE_MARGIN_BYTES = 4096;
/** Multipart part size: at most 10 MiB, so memory stays bounded whatever the payload's size. */
export const DEFAULT_PART_SIZE = 10 * 1024 * 1024;
/**
 * Part buffers in memory at once (the one being filled counts): two keep one part uploading while the next
 * fills, or both uploading, and hold a 1 GiB stream's producer under 128 MiB peak RSS (npm run bench).
 */
export const DEFAULT_QUEUE_SIZE = 2;
/** SQS limits for one SendMessageBatch call. */
export const MAX_BATCH_ENTRIES = 10;

export interface UploadProgress {
  readonly key: string;
  readonly loaded: number;
  readonly total?: number;
}

/**
 * FIFO deduplication: `unique` gives every send its own id (a successful send is a delivered message);
 * `payload` uses the payload's SHA-256 (a resent identical payload within 5 minutes is dropped by SQS);
 * `queue` sends no id and leaves it to the queue's content-based deduplication.
 */
export type Deduplication = "unique" | "payload" | "queue";

/** The message body written: this project's claim, or the AWS SQS Extended Client libraries' S3 pointer. */
export type MessageFormat = "claim-check" | "extended-client";

export interface ProducerOptions extends AwsConnection {
  readonly config: ClaimCheckConfig;
  /** Written to metadata.submitted_by (1-256 characters). */
  readonly submittedBy: string;
  /** Send every payload through S3, however small. @default false */
  readonly alwaysOffload?: boolean;
  /** Largest payload sent inline (the message is still measured). @default - derived from the queue's maximum message size (base64 + envelope) */
  readonly inlineThreshold?: number;
  /** Multipart part size in bytes (5 MiB - 10 MiB). @default 10 MiB */
  readonly partSize?: number;
  /**
   * Part buffers held at once, being filled or uploading (so up to this many parts upload in parallel);
   * memory is about queueSize x partSize. @default 2
   */
  readonly queueSize?: number;
  /** FIFO queues: the message group. @default "claim-check" */
  readonly messageGroupId?: string;
  /** FIFO queues: how messages are deduplicated. @default "unique" */
  readonly deduplication?: Deduplication;
  /**
   * `extended-client` writes `["software.amazon.payloadoffloading.PayloadS3Pointer", {s3BucketName, s3Key}]`
   * with the `ExtendedPayloadSize` attribute, readable by the Java, Python and Go Extended Client libraries;
   * every payload then goes through S3. @default "claim-check"
   */
  readonly messageFormat?: MessageFormat;
  readonly s3?: S3Client;
  readonly sqs?: SQSClient;
  /** For tests: the clock and the id source. */
  readonly now?: () => Date;
  readonly newId?: () => string;
}

export interface SendOptions {
  readonly contentType?: string;
  /** Extra metadata strings, merged under submitted_by and timestamp. */
  readonly metadata?: Record<string, string>;
  readonly onProgress?: (progress: UploadProgress) => void;
  /**
   * FIFO: the deduplication id. `sendBatch` derives one per entry (`<id>-<index>`), so entries are never
   * deduplicated against each other.
   */
  readonly deduplicationId?: string;
  /** Ends the upload and the send at once. */
  readonly signal?: AbortSignal;
}

export interface SendResult {
  readonly messageId: string;
  readonly claim: ClaimMessage;
}

/** Largest raw payload whose base64 form plus envelope fits in one message. */
export const defaultInlineThreshold = (maxMessageSize: number): number =>
  Math.max(0, Math.floor(((maxMessageSize - ENVELOPE_MARGIN_BYTES) * 3) / 4));

interface Prepared {
  readonly claim: ClaimMessage;
  readonly body: string;
  readonly attributes?: Record<string, MessageAttributeValue>;
}

/** Bytes SQS counts for a message: the body plus each attribute's name, type and value. */
export const messageBytes = (body: string, attributes: Record<string, MessageAttributeValue> = {}): number =>
  Buffer.byteLength(body) +
  Object.entries(attributes).reduce(
    (n, [name, a]) => n + Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? "") + Buffer.byteLength(a.StringValue ?? ""),
    0,
  );

/**
 * Puts payloads in the claim-check bucket (SSE-KMS with the module's key, multipart for large ones, in
 * constant memory) and sends the claim. Small payloads travel inline unless `alwaysOffload` is set.
 */
export class ClaimCheckProducer {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly inlineThreshold: number;
  private readonly fifo: boolean;

  constructor(private readonly options: ProducerOptions) {
    ({ s3: this.s3, sqs: this.sqs } = resolveClients(options));
    const offloadAll = options.alwaysOffload || options.messageFormat === "extended-client";
    this.inlineThreshold = offloadAll ? -1 : (options.inlineThreshold ?? defaultInlineThreshold(options.config.maxMessageSize));
    this.fifo = options.config.queueUrl.endsWith(".fifo");
    const problems: string[] = [];
    const partSize = options.partSize ?? DEFAULT_PART_SIZE;
    if (!Number.isInteger(partSize) || partSize < 5 * 1024 * 1024 || partSize > DEFAULT_PART_SIZE)
      problems.push(`partSize must be a whole number of bytes between 5 MiB and 10 MiB, but ${show(partSize)} was given`);
    const queueProblem = wholeNumberProblem("queueSize", options.queueSize ?? DEFAULT_QUEUE_SIZE);
    if (queueProblem) problems.push(queueProblem);
    if (typeof options.submittedBy !== "string" || options.submittedBy.length === 0 || options.submittedBy.length > 256) {
      problems.push(
        `submittedBy must be a string of 1 to 256 characters, but ${JSON.stringify(options.submittedBy)?.slice(0, 80)} was given`,
      );
    }
    if (options.deduplication !== undefined && !["unique", "payload", "queue"].includes(options.deduplication)) {
      problems.push(`deduplication must be "unique", "payload" or "queue", but ${JSON.stringify(options.deduplication)} was given`);
    }
    if (options.messageFormat !== undefined && !["claim-check", "extended-client"].includes(options.messageFormat)) {
      problems.push(`messageFormat must be "claim-check" or "extended-client", but ${JSON.stringify(options.messageFormat)} was given`);
    }
    if (problems.length > 0) throw new ClaimCheckConfigError(problems.join("; "));
  }

  /** Stores (or inlines) one payload and sends its claim. */
  async send(payload: PayloadInput, options: SendOptions = {}): Promise<SendResult> {
    const prepared = await this.prepare(payload, options);
    try {
      const response = await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.options.config.queueUrl,
          MessageBody: prepared.body,
          MessageAttributes: prepared.attributes,
          ...this.fifoFields(prepared.claim, options.deduplicationId),
        }),
        { abortSignal: options.signal },
      );
      return { messageId: response.MessageId!, claim: prepared.claim };
    } catch (error) {
      throw this.sendError(prepared.claim, error);
    }
  }

  /**
   * Sends many payloads: each is stored first, then the claims go out in SendMessageBatch calls of at most
   * ten entries and at most the queue's maximum message size in total. One result per payload, in order:
   * the claim's message id, or the error (a stored payload whose claim failed is left to the expiry rule).
   */
  async sendBatch(payloads: readonly PayloadInput[], options: SendOptions = {}): Promise<(SendResult | Error)[]> {
    const results: (SendResult | Error)[] = [];
    const pending: (Prepared & { index: number })[] = [];
    for (const [index, payload] of payloads.entries()) {
      try {
        pending.push({ index, ...(await this.prepare(payload, options)) });
      } catch (error) {
        results[index] = error as Error;
      }
    }
    for (const batch of this.batches(pending)) {
      const byId = new Map(batch.map((e) => [String(e.index), e]));
      try {
        const response = await this.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: this.options.config.queueUrl,
            Entries: batch.map((e) => ({
              Id: String(e.index),
              MessageBody: e.body,
              MessageAttributes: e.attributes,
              ...this.fifoFields(e.claim, options.deduplicationId === undefined ? undefined : `${options.deduplicationId}-${e.index}`),
            })),
          }),
          { abortSignal: options.signal },
        );
        for (const ok of response.Successful ?? []) results[Number(ok.Id)] = { messageId: ok.MessageId!, claim: byId.get(ok.Id!)!.claim };
        for (const failed of response.Failed ?? []) {
          results[Number(failed.Id)] = this.sendError(byId.get(failed.Id!)!.claim, new Error(`${failed.Code}: ${failed.Message}`));
        }
      } catch (error) {
        for (const e of batch) results[e.index] = this.sendError(e.claim, error);
      }
    }
    return results;
  }

  /** Groups entries into batches of at most ten whose messages add up to at most the maximum message size. */
  private batches<T extends Prepared>(entries: T[]): T[][] {
    const limit = this.options.config.maxMessageSize;
    const batches: T[][] = [];
    let current: T[] = [];
    let bytes = 0;
    for (const entry of entries) {
      const size = messageBytes(entry.body, entry.attributes);
      if (current.length === MAX_BATCH_ENTRIES || (current.length > 0 && bytes + size > limit)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(entry);
      bytes += size;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }

  /** A claim on a stored payload that could not be sent names the object, which the expiry rule removes. */
  private sendError(claim: ClaimMessage, error: unknown): Error {
    return "s3_key" in claim ? new ClaimSendError(claim.s3_bucket, claim.s3_key, error) : (error as Error);
  }

  private fifoFields(claim: ClaimMessage, deduplicationId: string | undefined) {
    if (!this.fifo) return {};
    const group = { MessageGroupId: this.options.messageGroupId ?? "claim-check" };
    if (deduplicationId !== undefined) return { ...group, MessageDeduplicationId: deduplicationId };
    switch (this.options.deduplication ?? "unique") {
      case "queue":
        return group;
      case "payload":
        return { ...group, MessageDeduplicationId: claim.sha256 };
      default:
        return { ...group, MessageDeduplicationId: randomUUID() };
    }
  }

  private metadata(options: SendOptions): ClaimMetadata {
    return {
      ...(options.metadata ?? {}),
      submitted_by: this.options.submittedBy,
      timestamp: (this.options.now?.() ?? new Date()).toISOString(),
    };
  }

  /** Checks the fields the caller chose against the schema before anything is uploaded. */
  private validateFields(contentType: unknown, metadata: ClaimMetadata): void {
    const probe = {
      schema_version: CLAIM_SCHEMA_VERSION,
      inline: { encoding: "base64", data: "" },
      size: 0,
      sha256: "0".repeat(64),
      content_type: contentType,
      metadata,
    };
    const problems = schemaProblems(probe);
    if (problems.length > 0) throw new ClaimValidationError(problems);
  }

  /** The bytes of a payload of at most the inline threshold, and the whole payload (in memory when it is). */
  private async smallOrStream(
    payload: PayloadInput,
  ): Promise<{ buffer?: Buffer; size?: number; stream: () => Buffer | Readable | AsyncIterable<Buffer> }> {
    const source = toPayloadSource(payload);
    const { size } = source;
    const inMemory = source.buffer;
    if (inMemory) return { buffer: inMemory.length <= this.inlineThreshold ? inMemory : undefined, size, stream: () => inMemory };
    if (this.inlineThreshold < 0 || (size !== undefined && size > this.inlineThreshold)) return { size, stream: source.stream };
    if (size !== undefined && typeof payload === "object" && "path" in payload) {
      const buffer = readFileSync(payload.path);
      return { buffer: buffer.length <= this.inlineThreshold ? buffer : undefined, size, stream: () => buffer };
    }
    // A stream of unknown length: read at most threshold + 1 bytes to learn whether it is small.
    const peeked = await peek(source.stream(), this.inlineThreshold);
    return { buffer: peeked.complete ? peeked.buffer : undefined, stream: () => peeked.rest };
  }

  /** Inlines a small payload whose message fits the queue, or uploads it and returns the claim on it. */
  private async prepare(payload: PayloadInput, options: SendOptions): Promise<Prepared> {
    const contentType = options.contentType ?? (typeof payload === "string" ? "text/plain; charset=utf-8" : "application/octet-stream");
    const metadata = this.metadata(options);
    this.validateFields(contentType, metadata);
    const { config } = this.options;
    const small = await this.smallOrStream(payload);
    if (small.buffer) {
      const claim: ClaimMessage = {
        schema_version: CLAIM_SCHEMA_VERSION,
        inline: { encoding: "base64", data: small.buffer.toString("base64") },
        size: small.buffer.length,
        sha256: sha256Hex(small.buffer),
        content_type: contentType,
        metadata,
      };
      const body = JSON.stringify(claim);
      // Measured, not estimated: long metadata can push a payload under the threshold over the limit.
      if (messageBytes(body) <= config.maxMessageSize) return { claim, body };
    }
    const key = `${config.payloadPrefix}${metadata.timestamp.slice(0, 10)}/${this.options.newId?.() ?? randomUUID()}`;
    const stored = await uploadInParts({
      s3: this.s3,
      bucket: config.bucketName,
      key,
      body: small.buffer ?? small.stream(),
      contentType,
      kmsKeyArn: config.kmsKeyArn,
      partSize: this.options.partSize ?? DEFAULT_PART_SIZE,
      queueSize: this.options.queueSize ?? DEFAULT_QUEUE_SIZE,
      signal: options.signal,
      onProgress: (loaded) => options.onProgress?.({ key, loaded, total: small.size ?? small.buffer?.length }),
    });
    const claim: ClaimMessage = {
      schema_version: CLAIM_SCHEMA_VERSION,
      s3_bucket: config.bucketName,
      s3_key: key,
      ...(stored.versionId ? { version_id: stored.versionId } : {}),
      size: stored.size,
      sha256: stored.sha256,
      content_type: contentType,
      metadata,
    };
    if (this.options.messageFormat === "extended-client") {
      return {
        claim,
        body: JSON.stringify([EXTENDED_CLIENT_POINTER_CLASS, { s3BucketName: config.bucketName, s3Key: key }]),
        attributes: {
          [EXTENDED_PAYLOAD_SIZE_ATTRIBUTE]: { DataType: "Number", StringValue: String(stored.size) },
          [SHA256_ATTRIBUTE]: { DataType: "String", StringValue: stored.sha256 },
        },
      };
    }
    return { claim, body: JSON.stringify(claim) };
  }
}
