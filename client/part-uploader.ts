import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CompletedPart,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { show } from "../modules/claim-check/spec/show";
import { ClaimCheckConfigError, PayloadUploadError } from "./errors";
import { chunksOf, Digest } from "./payload-source";

export interface PartUploadRequest {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly key: string;
  /** The payload: in memory, a stream, or its chunks (read without copying). */
  readonly body: Buffer | Readable | AsyncIterable<Buffer>;
  readonly contentType: string;
  readonly kmsKeyArn: string;
  /** Bytes per part; a payload of at most one part is a single PutObject. */
  readonly partSize: number;
  /** Parts held in memory at once, being filled or uploading: up to this many upload in parallel. */
  readonly queueSize: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (loaded: number) => void;
}

async function* toAsync(chunks: Iterable<Buffer>): AsyncGenerator<Buffer> {
  yield* chunks;
}

/** Thrown from reading the source, so that it is told apart from S3's errors. */
class SourceError {
  constructor(readonly error: unknown) {}
}

/** A part or queue size that is not a whole number of at least 1: the uploader would loop or wait forever. */
export const wholeNumberProblem = (name: string, value: number): string | undefined =>
  Number.isInteger(value) && value >= 1 ? undefined : `${name} must be a whole number of at least 1, but ${show(value)} was given`;

/**
 * Streams a payload to S3 in parts, hashing it on the way. Each part is one buffer filled from the stream
 * and handed to the SDK as is (never copied again). At most `queueSize` part buffers exist: the one being
 * filled counts, so the next part is read from the source only when fewer than `queueSize` are uploading,
 * and memory is bounded by queueSize x partSize (the SDK holds no copy of a Buffer body). On any S3 failure the multipart upload is aborted and the error
 * names the object and carries S3's own error; a failure of the source stream is rethrown unchanged.
 */
export async function uploadInParts(request: PartUploadRequest): Promise<Digest & { versionId?: string }> {
  const { s3, bucket, key, partSize, queueSize, signal } = request;
  // Either below 1 would loop or wait forever.
  const problems = [wholeNumberProblem("partSize", partSize), wholeNumberProblem("queueSize", queueSize)].filter((p) => p !== undefined);
  if (problems.length > 0) throw new ClaimCheckConfigError(problems.join("; "));
  const encryption = { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: request.kmsKeyArn, BucketKeyEnabled: true };
  const hash = createHash("sha256");
  let size = 0;
  let uploadId: string | undefined;
  const parts: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let loaded = 0;
  // Buffers of parts already uploaded, reused for the next parts: no garbage of 10 MiB per part for the GC.
  const spare: Buffer[] = [];
  const newPart = () => spare.pop() ?? Buffer.allocUnsafe(partSize);

  const sendPart = (partNumber: number, body: Buffer) => {
    const task = s3
      .send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: body.length,
        }),
        { abortSignal: signal },
      )
      .then((response) => {
        parts.push({ PartNumber: partNumber, ETag: response.ETag });
        loaded += body.length;
        if (body.length === partSize) spare.push(body);
        request.onProgress?.(loaded);
      })
      .catch((error) => void (failure ??= error))
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  const putObject = async (body: Buffer) => {
    const response = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ContentType: request.contentType,
        ...encryption,
      }),
      { abortSignal: signal },
    );
    request.onProgress?.(body.length);
    return response.VersionId ? { versionId: response.VersionId } : {};
  };

  if (Buffer.isBuffer(request.body) && request.body.length <= partSize) {
    // Already in memory and one part: sent as is, no copy.
    const digest = { size: request.body.length, sha256: hash.update(request.body).digest("hex") };
    try {
      return { ...digest, ...(await putObject(request.body)) };
    } catch (error) {
      throw new PayloadUploadError(bucket, key, error);
    }
  }

  try {
    let part: Buffer | undefined;
    let filled = 0;
    let partNumber = 0;
    const source = Buffer.isBuffer(request.body)
      ? [request.body]
      : request.body instanceof Readable
        ? chunksOf(request.body)
        : request.body;
    const iterator = (Symbol.asyncIterator in source ? source : toAsync(source))[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw new SourceError(error);
      }
      if (next.done) break;
      let chunk = next.value;
      hash.update(chunk);
      size += chunk.length;
      while (chunk.length > 0) {
        if (!part) {
          // A new buffer only when one is free: the part being filled is one of the queueSize in memory.
          while (inFlight.size >= queueSize) await Promise.race(inFlight);
          if (failure !== undefined) throw failure;
          part = newPart();
        }
        const taken = chunk.copy(part, filled);
        filled += taken;
        chunk = chunk.subarray(taken);
        if (filled < partSize) continue;
        // A full part and more to come: this is a multipart upload.
        uploadId ??= (
          await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: request.contentType, ...encryption }), {
            abortSignal: signal,
          })
        ).UploadId;
        sendPart(++partNumber, part);
        part = undefined;
        filled = 0;
      }
      if (failure !== undefined) throw failure;
    }
    const digest = { size, sha256: hash.digest("hex") };
    if (uploadId === undefined) return { ...digest, ...(await putObject(part ? part.subarray(0, filled) : Buffer.alloc(0))) };
    if (part && filled > 0) sendPart(++partNumber, part.subarray(0, filled));
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    parts.sort((a, b) => a.PartNumber! - b.PartNumber!);
    const response = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
      {
        abortSignal: signal,
      },
    );
    return { ...digest, ...(response.VersionId ? { versionId: response.VersionId } : {}) };
  } catch (error) {
    if (request.body instanceof Readable) request.body.destroy(); // nothing more is read: a file it reads is closed
    await Promise.allSettled(inFlight);
    if (uploadId !== undefined) {
      // Best effort: the bucket's rule for incomplete multipart uploads is the backstop.
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    }
    if (error instanceof SourceError) throw error.error;
    throw new PayloadUploadError(bucket, key, error);
  }
}
