import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { Readable } from "node:stream";
import { BACKGROUND_HASH_MIN_BYTES, ChecksumMismatchError, VerifyingStream } from "../../client";
import { stopBackgroundSha256 } from "../../client/background-sha256";

const CHUNK = 64 * 1024;

/** `size` bytes in chunks of 64 KiB that vary with their position, produced on demand; counts what was read. */
function source(size: number, options: { failAt?: number; error?: Error } = {}) {
  const pulled = { bytes: 0 };
  const stream = new Readable({
    read() {
      if (options.failAt !== undefined && pulled.bytes >= options.failAt) return void this.destroy(options.error);
      if (pulled.bytes >= size) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(CHUNK, size - pulled.bytes), (pulled.bytes / CHUNK) % 251);
      pulled.bytes += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, pulled };
}

const digestOf = async (size: number) => {
  const hash = createHash("sha256");
  for await (const chunk of source(size).stream) hash.update(chunk);
  return hash.digest("hex");
};

/** Reads a stream to its end or error: the bytes passed on, and how it finished. */
async function readAll(stream: Readable): Promise<{ bytes: Buffer; ended: boolean; error?: unknown }> {
  const chunks: Buffer[] = [];
  let ended = false;
  stream.on("end", () => (ended = true));
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { bytes: Buffer.concat(chunks), ended };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), ended, error };
  }
}

const CASES = [
  ["a small payload (hashed between reads)", 1000, false],
  ["a small payload with hashOnThread (still hashed between reads)", 1000, true],
  ["a large payload (hashed between reads)", 3 * 1024 * 1024 + 5, false],
  ["a large payload with hashOnThread (hashed on the SHA-256 thread)", 3 * 1024 * 1024 + 5, true],
] as const;

describe.each(CASES)("%s keeps every check of the download", (_name, size, hashOnThread) => {
  const options = { hashOnThread };
  test("the bytes pass unchanged and the stream ends when size and SHA-256 match the claim", async () => {
    const expected = { size, sha256: await digestOf(size) };
    const read = await readAll(new VerifyingStream(source(size).stream, expected, options));
    expect(read.error).toBeUndefined();
    expect(read.ended).toBe(true);
    expect(createHash("sha256").update(read.bytes).digest("hex")).toBe(expected.sha256);
  });

  test("a SHA-256 mismatch fails the stream at the end instead of ending it", async () => {
    const actual = await digestOf(size);
    const read = await readAll(new VerifyingStream(source(size).stream, { size, sha256: "0".repeat(64) }, options));
    expect(read.ended).toBe(false);
    expect(read.error).toBeInstanceOf(ChecksumMismatchError);
    expect((read.error as ChecksumMismatchError).actual).toEqual({ size, sha256: actual });
  });

  test("a shorter payload than claimed fails at the end", async () => {
    const read = await readAll(new VerifyingStream(source(size - 1).stream, { size }, options));
    expect(read.ended).toBe(false);
    expect((read.error as ChecksumMismatchError).actual.size).toBe(size - 1);
  });

  test("more bytes than claimed fail at once: nothing is read past the claimed size but the chunk that crossed it", async () => {
    const claimed = size - 10;
    const longer = source(size + 50 * CHUNK);
    const read = await readAll(new VerifyingStream(longer.stream, { size: claimed }, options));
    expect(read.error).toBeInstanceOf(ChecksumMismatchError);
    expect(read.bytes.length).toBeLessThanOrEqual(claimed);
    expect(longer.pulled.bytes).toBeLessThanOrEqual(claimed + 2 * CHUNK);
    expect(longer.stream.destroyed).toBe(true);
    // Reading stopped inside the chunk that crossed the claimed size: the object's own size is not known.
    expect((read.error as Error).message).toBe(
      `payload does not match its claim: expected ${claimed} bytes with sha256 (not claimed), ` +
        `got more than the claimed ${claimed} bytes (reading stopped there; sha256 not computed)`,
    );
    expect((read.error as Error).stack).not.toMatch(/got \d+ bytes/); // what a logged error shows
  });

  test("a source error is passed on as it is", async () => {
    const failure = new Error("connection reset");
    const read = await readAll(
      new VerifyingStream(source(size, { failAt: Math.floor(size / 2), error: failure }).stream, { size }, options),
    );
    expect(read.error).toBe(failure);
    expect(read.ended).toBe(false);
  });
});

test.each([false, true])("a claim without size or SHA-256 (another producer's) passes whole (hashOnThread %s)", async (hashOnThread) => {
  const size = 2 * 1024 * 1024;
  const read = await readAll(new VerifyingStream(source(size).stream, {}, { hashOnThread }));
  expect(read.ended).toBe(true);
  expect(createHash("sha256").update(read.bytes).digest("hex")).toBe(await digestOf(size));
});

test.each([false, true])("backpressure is kept: a reader that stops reading stops the source (hashOnThread %s)", async (hashOnThread) => {
  const size = 64 * 1024 * 1024;
  const big = source(size);
  const verifier = new VerifyingStream(big.stream, { size }, { hashOnThread });
  const iterator = verifier[Symbol.asyncIterator]();
  await iterator.next();
  await new Promise((resolve) => setTimeout(resolve, 200));
  // The verifier's buffer (64 KiB) and the source's own (16 KiB) at most, and the chunk in hand.
  expect(big.pulled.bytes).toBeLessThan(4 * CHUNK);
  verifier.destroy();
  expect(big.stream.destroyed).toBe(true);
});

test("a SHA-256 thread that dies fails the stream: the check is never skipped", async () => {
  const size = 32 * 1024 * 1024;
  const verifier = new VerifyingStream(source(size).stream, { size, sha256: await digestOf(size) }, { hashOnThread: true });
  const reading = readAll(verifier);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await stopBackgroundSha256();
  const read = await reading;
  expect(read.ended).toBe(false);
  expect(String(read.error)).toMatch(/SHA-256 thread exited/);
  // The next download starts a new thread.
  const again = await readAll(new VerifyingStream(source(2 * 1024 * 1024).stream, { size: 2 * 1024 * 1024 }, { hashOnThread: true }));
  expect(again.ended).toBe(true);
});

test("the thread's threshold lies between the small and the large cases above", () => {
  expect(CASES[2][1]).toBeGreaterThanOrEqual(BACKGROUND_HASH_MIN_BYTES);
  expect(CASES[0][1]).toBeLessThan(BACKGROUND_HASH_MIN_BYTES);
});

// Found by an outside review of the one-hop verifier; each failed before its fix.
describe("a source that dies, ends early or is mutated never hangs the reader or fakes a mismatch", () => {
  test.each([false, true])(
    "a source destroyed without an error before it ended fails the stream (hashOnThread %s)",
    async (hashOnThread) => {
      const size = 2 * 1024 * 1024;
      let sent = 0;
      const stream = new Readable({
        read() {
          if (sent < size / 2) this.push(Buffer.alloc(CHUNK, (sent += CHUNK) % 251)); // then it stalls
        },
      });
      const verifier = new VerifyingStream(stream, { size }, { hashOnThread });
      const reading = readAll(verifier);
      await new Promise((resolve) => setTimeout(resolve, 50));
      stream.destroy(); // a socket reset the HTTP client handled silently
      const read = await reading;
      expect(read.ended).toBe(false);
      expect(String(read.error)).toMatch(/premature close/i);
    },
  );

  test.each([false, true])(
    "a source already destroyed when verification starts fails the stream (hashOnThread %s)",
    async (hashOnThread) => {
      // The consumer opens the payload with the claim; the handler may read it seconds later.
      const { stream } = source(2 * 1024 * 1024);
      stream.destroy();
      await new Promise((resolve) => setImmediate(resolve));
      const read = await readAll(new VerifyingStream(stream, { size: 2 * 1024 * 1024 }, { hashOnThread }));
      expect(read.ended).toBe(false);
      expect(String(read.error)).toMatch(/premature close/i);
    },
  );

  test("with hashOnThread, a matching payload whose last chunks and end arrive together is not a mismatch", async () => {
    const chunks = [1, 2, 3, 4, 5].map((i) => Buffer.alloc(1024 * 1024, i));
    const whole = Buffer.concat(chunks);
    const burst = new Readable({
      read() {
        for (const chunk of chunks) this.push(chunk);
        this.push(null);
      },
    });
    const sha256 = createHash("sha256").update(whole).digest("hex");
    const read = await readAll(new VerifyingStream(burst, { size: whole.length, sha256 }, { hashOnThread: true }));
    expect(read.error).toBeUndefined();
    expect(read.ended).toBe(true);
    expect(read.bytes.equals(whole)).toBe(true);
  });

  test.each([false, true])(
    "a reader that overwrites each chunk it gets does not change what is verified (hashOnThread %s)",
    async (hashOnThread) => {
      const size = 16 * 1024 * 1024;
      const verifier = new VerifyingStream(source(size).stream, { size, sha256: await digestOf(size) }, { hashOnThread });
      let error: unknown;
      try {
        for await (const chunk of verifier) (chunk as Buffer).fill(0);
      } catch (e) {
        error = e;
      }
      expect(error).toBeUndefined();
    },
  );
});

test("a stream with hashOnThread that is never read does not keep the process alive", () => {
  const script = `
    const { Readable } = require("node:stream");
    const { VerifyingStream } = require("./client/payload-source");
    const size = 3 * 1024 * 1024;
    let sent = 0;
    const source = new Readable({ read() { sent < size ? (this.push(Buffer.alloc(65536)), (sent += 65536)) : this.push(null); } });
    new VerifyingStream(source, { size }, { hashOnThread: true }); // opened, never read: abandoned
  `;
  const started = Date.now();
  const result = spawnSync(process.execPath, ["-r", "./scripts/ts-run.cjs", "-e", script], {
    cwd: join(__dirname, "..", ".."),
    encoding: "utf8",
    timeout: 15_000,
  });
  expect(result.stderr).toBe("");
  expect(result.signal).toBeNull(); // not killed by the timeout: it exited by itself
  expect(Date.now() - started).toBeLessThan(15_000);
}, 30_000);
