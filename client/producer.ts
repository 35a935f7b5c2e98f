import { S3Client } from "@aws-sdk/client-s3";
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Upload } from "@aws-sdk/lib-storage";
import { randomUUID } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { CLAIM_SCHEMA_VERSION, ClaimMessage, ClaimMetadata } from "./claim-message";
import { AwsConnection, ClaimCheckConfig, resolveClients } from "./config";
import { ClaimCheckConfigError, ClaimSendError } from "./errors";
import { DigestingStream, PayloadInput, sha256Hex, toPayloadSource } from "./payload-source";

/** Room left in a message for its envelope and attributes when a payload travels inline. */
export const ENVELOPE_MARGIN_BYTES = 4096;
/** Multipart part size: at most 10 MiB, so memory stays bounded whatever the payload's size. */
export const DEFAULT_PART_SIZE = 10 * 1024 * 1024;
/** SQS limits for one SendMessageBatch call. */
export const MAX_BATCH_ENTRIES = 10;

export interface UploadProgress {
  readonly key: string;
  readonly loaded: number;
  readonly total?: number;
}

export interface ProducerOptions extends AwsConnection {
  readonly config: ClaimCheckConfig;
  /** Written to metadata.submitted_by. */
  readonly submittedBy: string;
  /** Send every payload through S3, however small. @default false */
  readonly alwaysOffload?: boolean;
  /** Largest payload sent inline. @default - derived from the queue's maximum message size (base64 + envelope) */
  readonly inlineThreshold?: number;
  /** Multipart part size in bytes (5 MiB - 10 MiB). @default 10 MiB */
  readonly partSize?: number;
  /** Parts uploaded in parallel. @default 4 */
  readonly queueSize?: number;
  /** FIFO queues: the message group. @default "claim-check" */
  readonly messageGroupId?: string;
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
  /** FIFO: deduplication id (or enable content-based deduplication on the queue). */
  readonly deduplicationId?: string;
}

export interface SendResult {
  readonly messageId: string;
  readonly claim: ClaimMessage;
}

/** Largest raw payload whose base64 form plus envelope fits in one message. */
export const defaultInlineThreshold = (maxMessageSize: number): number =>
  Math.max(0, Math.floor(((maxMessageSize - ENVELOPE_MARGIN_BYTES) * 3) / 4));

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
    this.inlineThreshold = options.alwaysOffload ? -1 : (options.inlineThreshold ?? defaultInlineThreshold(options.config.maxMessageSize));
    this.fifo = options.config.queueUrl.endsWith(".fifo");
    const partSize = options.partSize ?? DEFAULT_PART_SIZE;
    if (partSize < 5 * 1024 * 1024 || partSize > DEFAULT_PART_SIZE) {
      throw new ClaimCheckConfigError(`partSize must be between 5 MiB and 10 MiB, but ${partSize} was given`);
    }
    if (!options.submittedBy) throw new ClaimCheckConfigError(`submittedBy must be a non-empty string, but ${JSON.stringify(options.submittedBy)} was given`);
  }

  /** Stores (or inlines) one payload and sends its claim. */
  async send(payload: PayloadInput, options: SendOptions = {}): Promise<SendResult> {
    const claim = await this.prepare(payload, options);
    const body = JSON.stringify(claim);
    try {
      const response = await this.sqs.send(new SendMessageCommand({ QueueUrl: this.options.config.queueUrl, MessageBody: body, ...this.fifoFields(body, options) }));
      return { messageId: response.MessageId!, claim };
    } catch (error) {
      throw this.sendError(claim, error);
    }
  }

  /**
   * Sends many payloads: each is stored first, then the claims go out in SendMessageBatch calls of at most
   * ten entries and at most the queue's maximum message size in total. One result per payload, in order:
   * the claim's message id, or the error (a stored payload whose claim failed is left to the expiry rule).
   */
  async sendBatch(payloads: readonly PayloadInput[], options: SendOptions = {}): Promise<(SendResult | Error)[]> {
    const results: (SendResult | Error)[] = [];
    const pending: { index: number; claim: ClaimMessage; body: string }[] = [];
    for (const [index, payload] of payloads.entries()) {
      try {
        const claim = await this.prepare(payload, options);
        pending.push({ index, claim, body: JSON.stringify(claim) });
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
            Entries: batch.map((e) => ({ Id: String(e.index), MessageBody: e.body, ...this.fifoFields(e.body, options) })),
          }),
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

  /** Groups entries into batches of at most ten whose bodies add up to at most the maximum message size. */
  private batches<T extends { body: string }>(entries: T[]): T[][] {
    const limit = this.options.config.maxMessageSize;
    const batches: T[][] = [];
    let current: T[] = [];
    let bytes = 0;
    for (const entry of entries) {
      const size = Buffer.byteLength(entry.body);
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

  private fifoFields(body: string, options: SendOptions) {
    if (!this.fifo) return {};
    return { MessageGroupId: this.options.messageGroupId ?? "claim-check", MessageDeduplicationId: options.deduplicationId ?? sha256Hex(Buffer.from(body)) };
  }

  private metadata(options: SendOptions): ClaimMetadata {
    return { ...(options.metadata ?? {}), submitted_by: this.options.submittedBy, timestamp: (this.options.now?.() ?? new Date()).toISOString() };
  }

  /** Inlines a small payload, or uploads it and returns the claim on it. */
  private async prepare(payload: PayloadInput, options: SendOptions): Promise<ClaimMessage> {
    const source = toPayloadSource(payload);
    const contentType = options.contentType ?? (typeof payload === "string" ? "text/plain; charset=utf-8" : "application/octet-stream");
    const metadata = this.metadata(options);
    if (source.buffer && source.buffer.length <= this.inlineThreshold) {
      return {
        schema_version: CLAIM_SCHEMA_VERSION,
        inline: { encoding: "base64", data: source.buffer.toString("base64") },
        size: source.buffer.length,
        sha256: sha256Hex(source.buffer),
        content_type: contentType,
        metadata,
      };
    }
    const { config } = this.options;
    const key = `${config.payloadPrefix}${metadata.timestamp.slice(0, 10)}/${this.options.newId?.() ?? randomUUID()}`;
    const digesting = new DigestingStream();
    const upload = new Upload({
      client: this.s3,
      params: {
        Bucket: config.bucketName,
        Key: key,
        Body: digesting,
        ContentType: contentType,
        ServerSideEncryption: "aws:kms",
        SSEKMSKeyId: config.kmsKeyArn,
        BucketKeyEnabled: true,
      },
      partSize: this.options.partSize ?? DEFAULT_PART_SIZE,
      queueSize: this.options.queueSize ?? 4,
      leavePartsOnError: false,
    });
    upload.on("httpUploadProgress", (p) => options.onProgress?.({ key, loaded: p.loaded ?? 0, total: p.total ?? source.size }));
    const [, result] = await Promise.all([pipeline(source.stream(), digesting), upload.done()]);
    const { size, sha256 } = digesting.digest();
    return {
      schema_version: CLAIM_SCHEMA_VERSION,
      s3_bucket: config.bucketName,
      s3_key: key,
      ...(result.VersionId ? { version_id: result.VersionId } : {}),
      size,
      sha256,
      content_type: contentType,
      metadata,
    };
  }
}
