import { createHash, Hash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { Readable, Transform, TransformCallback } from "node:stream";
import { ChecksumMismatchError } from "./errors";

/** What a producer accepts: bytes, text, a readable stream, or a file path via {@link fromFile}. */
export type PayloadInput = Buffer | Uint8Array | string | Readable | FilePayload;

export interface FilePayload {
  readonly path: string;
}
export const fromFile = (path: string): FilePayload => ({ path });

export interface PayloadSource {
  /** Known size, or undefined for a stream of unknown length. */
  readonly size?: number;
  /** The bytes, when they are already in memory. */
  readonly buffer?: Buffer;
  /** A fresh stream of the bytes. */
  readonly stream: () => Readable;
}

const isFile = (input: PayloadInput): input is FilePayload =>
  typeof input === "object" && input !== null && "path" in input && !(input instanceof Readable) && !Buffer.isBuffer(input);

export function toPayloadSource(input: PayloadInput): PayloadSource {
  if (typeof input === "string" || input instanceof Uint8Array) {
    const buffer = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    return { size: buffer.length, buffer, stream: () => Readable.from([buffer]) };
  }
  if (isFile(input)) {
    return { size: statSync(input.path).size, stream: () => createReadStream(input.path, { highWaterMark: 1024 * 1024 }) };
  }
  return { stream: () => input as Readable };
}

export interface Digest {
  readonly size: number;
  readonly sha256: string;
}

/**
 * Counts and hashes bytes as they stream through, in constant memory (backpressure is kept). Given the
 * expected digest, it fails at the end instead of ending when the bytes do not match, and at once when
 * more bytes arrive than the expected size (it never reads past the claimed size). Absent expected fields
 * (claims from other producers) are not checked.
 */
export class DigestingStream extends Transform {
  private readonly hash: Hash = createHash("sha256");
  private count = 0;
  private result?: Digest;

  constructor(private readonly expected?: Partial<Digest>) {
    super();
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    const limit = this.expected?.size;
    if (limit !== undefined && this.count > limit) {
      return callback(new ChecksumMismatchError(this.expectedDigest(), { size: this.count, sha256: "(not computed: more bytes than claimed)" }));
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  _flush(callback: TransformCallback): void {
    const actual = this.digest();
    const { expected } = this;
    const mismatch = expected && ((expected.size !== undefined && actual.size !== expected.size) || (expected.sha256 !== undefined && actual.sha256 !== expected.sha256));
    callback(mismatch ? new ChecksumMismatchError(this.expectedDigest(), actual) : null);
  }

  private expectedDigest(): Digest {
    return { size: this.expected?.size ?? NaN, sha256: this.expected?.sha256 ?? "(not claimed)" };
  }

  /** Size and hex SHA-256 of everything that passed, once the stream has ended. */
  digest(): Digest {
    this.result ??= { size: this.count, sha256: this.hash.digest("hex") };
    return this.result;
  }
}

/**
 * Reads a stream until it ends or holds more than `limit` bytes. `complete` tells whether the whole stream
 * was read; otherwise `rest()` is the whole stream again (the bytes read first, then the remainder).
 */
export async function peek(stream: Readable, limit: number): Promise<{ complete: boolean; buffer: Buffer; rest: () => Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    if (length > limit) {
      const head = Buffer.concat(chunks);
      return { complete: false, buffer: head, rest: () => Readable.from(concatenate(head, iterator), { objectMode: false }) };
    }
    const next = await iterator.next();
    if (next.done) {
      const buffer = Buffer.concat(chunks);
      return { complete: true, buffer, rest: () => Readable.from([buffer]) };
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    length += chunk.length;
  }
}

async function* concatenate(head: Buffer, iterator: AsyncIterator<unknown>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string);
  }
}

export const sha256Hex = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");
