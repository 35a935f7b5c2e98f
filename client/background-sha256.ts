import { Worker } from "node:worker_threads";

/** Bytes copied per message to the hashing thread: few messages, and little memory per download. */
const BLOCK_BYTES = 1024 * 1024;
/** Blocks per digest: while all of them are being hashed, the stream waits (backpressure). */
const BLOCKS_PER_DIGEST = 4;

// The thread's code, evaluated rather than loaded from a file, so that it works the same under the TypeScript launcher, jest
// and an esbuild bundle. Blocks arrive as transferred ArrayBuffers and go back the same way, never copied.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const hashes = new Map();
parentPort.on("message", ({ id, block, length, end, abort }) => {
  if (abort) return void hashes.delete(id);
  let hash = hashes.get(id);
  if (!hash) hashes.set(id, (hash = createHash("sha256")));
  if (block) {
    hash.update(new Uint8Array(block, 0, length));
    parentPort.postMessage({ id, block }, [block]);
  }
  if (end) {
    hashes.delete(id);
    parentPort.postMessage({ id, sha256: hash.digest("hex") });
  }
});
`;

interface Session {
  returned(block: ArrayBuffer): void;
  finished(sha256: string): void;
  failed(error: Error): void;
}

/**
 * One hashing thread per process, started on first use. It keeps the process alive only while it has work
 * (blocks or digests not yet answered), not while a stream merely stays open: an abandoned download must
 * not stop a process from exiting.
 */
class HashThread {
  private worker?: Worker;
  private readonly sessions = new Map<number, Session>();
  private nextId = 0;
  private unanswered = 0;

  open(session: Session): number {
    const id = this.nextId++;
    if (!this.worker) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on("message", ({ id, block, sha256 }: { id: number; block?: ArrayBuffer; sha256?: string }) => {
        if (--this.unanswered === 0) worker.unref();
        const owner = this.sessions.get(id);
        if (block) owner?.returned(block);
        if (sha256 !== undefined) {
          this.close(id);
          owner?.finished(sha256);
        }
      });
      const fail = (error: Error) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.unanswered = 0;
        const failed = [...this.sessions.values()];
        this.sessions.clear();
        for (const session of failed) session.failed(error);
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`the SHA-256 thread exited (code ${code}) before the digest was complete`)));
      worker.unref();
      this.worker = worker;
    }
    this.sessions.set(id, session);
    return id;
  }

  /** A block comes back and an end gets its digest: each is work that holds the process until answered. */
  post(message: { id: number; block?: ArrayBuffer; length?: number; end?: boolean; abort?: boolean }): void {
    if (!this.worker) return;
    const answers = (message.block ? 1 : 0) + (message.end ? 1 : 0);
    if (answers > 0 && (this.unanswered += answers) === answers) this.worker.ref();
    this.worker.postMessage(message, message.block ? [message.block] : []);
  }

  close(id: number): void {
    this.sessions.delete(id);
  }

  /** Ends the thread (digests under way fail). For tests and for hosts that must exit without waiting. */
  async stop(): Promise<void> {
    await this.worker?.terminate();
  }
}

const thread = new HashThread();

/** Stops the SHA-256 thread; the next digest starts a new one. Digests under way fail. */
export const stopBackgroundSha256 = (): Promise<void> => thread.stop();

/**
 * SHA-256 computed on another thread, so that hashing a download overlaps with reading it. The bytes are
 * copied into blocks of 1 MiB that are transferred (not copied) to the thread and back; `update` returns a
 * promise only when all blocks are being hashed, which the caller awaits before reading on (backpressure).
 * A failure of the thread fails the digest: it is never skipped.
 */
export class BackgroundSha256 {
  private readonly id: number;
  private readonly free: ArrayBuffer[] = [];
  private blocks = 0;
  private current?: { block: ArrayBuffer; filled: number };
  private waiting?: { resolve: () => void; reject: (error: Error) => void };
  private result?: { resolve: (sha256: string) => void; reject: (error: Error) => void };
  private failure?: Error;
  private done = false;

  constructor() {
    this.id = thread.open({
      returned: (block) => {
        this.free.push(block);
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting?.resolve();
      },
      finished: (sha256) => this.result?.resolve(sha256),
      failed: (error) => {
        this.failure = error;
        this.waiting?.reject(error);
        this.result?.reject(error);
      },
    });
  }

  /** Adds bytes; the chunk may be reused once this returns. Returns a promise to await when no block is free. */
  update(chunk: Uint8Array): Promise<void> | undefined {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.failure) return Promise.reject(this.failure);
      if (!this.current) {
        const block = this.free.pop() ?? (this.blocks < BLOCKS_PER_DIGEST ? (this.blocks++, new ArrayBuffer(BLOCK_BYTES)) : undefined);
        if (!block) return this.freeBlock().then(() => this.update(chunk.subarray(offset)));
        this.current = { block, filled: 0 };
      }
      const { block, filled } = this.current;
      const taken = Math.min(BLOCK_BYTES - filled, chunk.length - offset);
      new Uint8Array(block, filled, taken).set(chunk.subarray(offset, offset + taken));
      this.current.filled += taken;
      offset += taken;
      if (this.current.filled === BLOCK_BYTES) this.send();
    }
    return undefined;
  }

  /** The hex digest of everything added. */
  digest(): Promise<string> {
    this.done = true;
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<string>((resolve, reject) => {
      this.result = { resolve, reject };
      if (this.current) this.send();
      thread.post({ id: this.id, end: true });
    });
  }

  /** Drops the digest (the stream was destroyed). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    thread.post({ id: this.id, abort: true });
    thread.close(this.id);
  }

  private send(): void {
    const { block, filled } = this.current!;
    this.current = undefined;
    thread.post({ id: this.id, block, length: filled });
  }

  private freeBlock(): Promise<void> {
    return new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}
