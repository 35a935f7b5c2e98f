import { createHash, Hash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { finished, Readable, Transform, TransformCallback } from "node:stream";
import { BackgroundSha256 } from "./background-sha256";
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
    return {
      size: buffer.length,
      buffer,
      stream: () => Readable.from([buffer]),
    };
  }
  if (isFile(input)) {
    return {
      size: statSync(input.path).size,
      stream: () => createReadStream(input.path, { highWaterMark: 1024 * 1024 }),
    };
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
    const tooLong = pastClaimedSize(this.expected, this.count);
    if (tooLong) return callback(tooLong);
    this.hash.update(chunk);
    callback(null, chunk);
  }

  _flush(callback: TransformCallback): void {
    callback(mismatchOf(this.expected, this.digest()) ?? null);
  }

  /** Size and hex SHA-256 of everything that passed, once the stream has ended. */
  digest(): Digest {
    this.result ??= { size: this.count, sha256: this.hash.digest("hex") };
    return this.result;
  }
}

/** Claimed sizes from which {@link VerifyingStream} may hash on another thread (below, round trips cost more than hashing). */
export const BACKGROUND_HASH_MIN_BYTES = 1024 * 1024;

/** What {@link VerifyingStream} needs of a hash: updates that may ask to wait, and a digest that may take time. */
interface StreamHash {
  update(chunk: Buffer): Promise<void> | undefined;
  digest(): Promise<string>;
  abort(): void;
}

const inlineHash = (): StreamHash => {
  const hash = createHash("sha256");
  return { update: (chunk) => void hash.update(chunk), digest: async () => hash.digest("hex"), abort: () => undefined };
};

/**
 * What the consumer hands out: the source's own chunks, unchanged and in one hop (no Transform), checked as
 * they pass. It fails at once when more bytes arrive than the claimed size (it never reads past it), and at
 * the end instead of ending when size or SHA-256 differ from the claim; absent claimed fields (claims from
 * other producers) are not checked. With `hashOnThread`, payloads of unknown size or of at least
 * {@link BACKGROUND_HASH_MIN_BYTES} are hashed on another thread ({@link BackgroundSha256}), so that hashing
 * overlaps with reading where a core is free (the thread costs about 12 MiB of RSS). Backpressure is kept (the source pauses while this stream's buffer is full or all
 * hashing blocks are busy); a source error is passed on, and destroying this stream destroys the source.
 */
export class VerifyingStream extends Readable {
  private readonly hash: StreamHash;
  private count = 0;
  /** A chunk whose bytes the thread has not all taken yet: it is passed on (and read on) only once they are. */
  private pending?: Promise<void>;

  constructor(
    private readonly source: Readable,
    private readonly expected: Partial<Digest> = {},
    options: { readonly hashOnThread?: boolean } = {},
  ) {
    // 64 KiB, a socket read: each chunk passes on at once, without pausing the source at every chunk.
    super({ highWaterMark: 64 * 1024 });
    const small = expected.size !== undefined && expected.size < BACKGROUND_HASH_MIN_BYTES;
    this.hash = options.hashOnThread && !small ? new BackgroundSha256() : inlineHash();
    source.on("data", (chunk: Buffer) => this.accept(chunk));
    source.once("end", () => this.finish());
    // `finished` also reports a source destroyed without an error before its end, even before this stream
    // existed (an HTTP body whose socket reset while nobody listened): a premature close, never a hang.
    finished(source, { writable: false }, (error) => {
      if (error) this.destroy(error);
    });
    source.pause();
  }

  _read(): void {
    if (this.pending) return;
    this.source.resume();
  }

  _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.hash.abort();
    this.source.destroy();
    callback(error);
  }

  private accept(chunk: Buffer): void {
    if (this.destroyed) return;
    this.count += chunk.length;
    const tooLong = pastClaimedSize(this.expected, this.count);
    if (tooLong) return void this.destroy(tooLong);
    const wait = this.hash.update(chunk);
    if (!wait) {
      if (!this.push(chunk)) this.source.pause();
      return;
    }
    // The thread takes the rest of the chunk later: until then the reader must not get (and may not change)
    // it, and the source waits.
    this.source.pause();
    this.pending = wait.then(
      () => {
        this.pending = undefined;
        if (this.destroyed) return;
        if (this.push(chunk)) this.source.resume();
      },
      (error: Error) => void this.destroy(error),
    );
  }

  private finish(): void {
    // The source may end while the last chunk still waits for the thread: its bytes belong to the digest.
    void (this.pending ?? Promise.resolve())
      .then(() => {
        if (this.destroyed) return undefined;
        return this.hash.digest().then((sha256) => {
          if (this.destroyed) return;
          const mismatch = mismatchOf(this.expected, { size: this.count, sha256 });
          if (mismatch) this.destroy(mismatch);
          else this.push(null);
        });
      })
      .catch((error: Error) => this.destroy(error));
  }
}

/** A claim's digest as a mismatch reports it: absent fields (claims from other producers) said so. */
export const claimedDigest = (expected: Partial<Digest> = {}): Digest => ({
  size: expected.size ?? NaN,
  sha256: expected.sha256 ?? "(not claimed)",
});

/** Bytes already in memory, returned when they match the claimed fields; a mismatch is thrown as a stream reports it. */
export function verifiedBytes(bytes: Buffer, expected: Partial<Digest>): Buffer {
  const mismatch = mismatchOf(expected, { size: bytes.length, sha256: sha256Hex(bytes) });
  if (mismatch) throw mismatch;
  return bytes;
}

/**
 * The error for bytes past the claimed size, found as soon as they arrive: nothing more is read or hashed.
 * `actual.size` is where reading stopped (the claimed size and part of the chunk that crossed it), not the
 * object's size, which is never learnt: the message says only "more than the claimed size".
 */
function pastClaimedSize(expected: Partial<Digest> | undefined, count: number): ChecksumMismatchError | undefined {
  if (expected?.size === undefined || count <= expected.size) return undefined;
  return new ChecksumMismatchError(claimedDigest(expected), { size: count, sha256: "(not computed: more bytes than claimed)" }, true);
}

/** The error when the whole payload differs from a claimed field; absent fields are not checked. */
const mismatchOf = (expected: Partial<Digest> | undefined, actual: Digest): ChecksumMismatchError | undefined =>
  (expected?.size !== undefined && actual.size !== expected.size) || (expected?.sha256 !== undefined && actual.sha256 !== expected.sha256)
    ? new ChecksumMismatchError(claimedDigest(expected), actual)
    : undefined;

/**
 * The chunks of a stream exactly as they were pushed, one at a time with backpressure. Unlike `for await`
 * over a Readable (whose read() concatenates buffered chunks into new buffers), it never copies.
 */
export async function* chunksOf(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const onData = (chunk: Buffer | string) => {
    queue.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    stream.pause();
    wake?.();
  };
  const onEnd = () => ((ended = true), wake?.());
  const onError = (error: unknown) => ((failure = { error }), wake?.());
  stream.on("data", onData).once("end", onEnd).once("error", onError);
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        if (queue.length === 0) stream.resume();
        yield chunk;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stream.off("data", onData).off("end", onEnd).off("error", onError);
    if (!ended) stream.destroy();
  }
}

/**
 * Reads a stream until it ends or holds more than `limit` bytes. `complete` tells whether the whole stream
 * was read; otherwise `rest` yields the whole stream again (the chunks read first, then the remainder).
 */
export async function peek(stream: Readable, limit: number): Promise<{ complete: boolean; buffer: Buffer; rest: AsyncIterable<Buffer> }> {
  const head: Buffer[] = [];
  let length = 0;
  const chunks = chunksOf(stream);
  while (length <= limit) {
    const next = await chunks.next();
    if (next.done) {
      const buffer = Buffer.concat(head);
      return {
        complete: true,
        buffer,
        rest: (async function* () {
          yield buffer;
        })(),
      };
    }
    head.push(next.value);
    length += next.value.length;
  }
  return {
    complete: false,
    buffer: Buffer.concat(head),
    rest: (async function* () {
      yield* head;
      yield* chunks;
    })(),
  };
}

export const sha256Hex = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");
