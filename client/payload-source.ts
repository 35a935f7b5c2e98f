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
 * expected digest, it fails at the end instead of ending when the bytes do not match.
 */
export class DigestingStream extends Transform {
  private readonly hash: Hash = createHash("sha256");
  private count = 0;
  private result?: Digest;

  constructor(private readonly expected?: Digest) {
    super();
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    callback(null, chunk);
  }

  _flush(callback: TransformCallback): void {
    const actual = this.digest();
    const { expected } = this;
    callback(expected && (actual.size !== expected.size || actual.sha256 !== expected.sha256) ? new ChecksumMismatchError(expected, actual) : null);
  }

  /** Size and hex SHA-256 of everything that passed, once the stream has ended. */
  digest(): Digest {
    this.result ??= { size: this.count, sha256: this.hash.digest("hex") };
    return this.result;
  }
}

export const sha256Hex = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");
