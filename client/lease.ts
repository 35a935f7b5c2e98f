/**
 * The consumer's hold on one received message: the time until which SQS keeps it invisible to others.
 * Kept conservatively (from when a request was sent, minus a safety margin), so that "held" means no other
 * consumer can have received the message and made this receipt handle stale. A stale handle's
 * DeleteMessage "succeeds" on SQS without deleting anything, so only a lease held without a gap until the
 * delete's answer proves the message is gone.
 */
export class Lease {
  private deadline: number;
  private lostReason?: string;
  /** Made when a handler first asks for the signal: most never do, and one per message is measurable. */
  private controller?: AbortController;
  /** While a signal is out: fires at the deadline, so that a lease that simply runs out aborts it too. */
  private expiry?: NodeJS.Timeout;
  private ended = false;

  constructor(
    startedAt: number,
    private readonly timeoutMs: number,
  ) {
    this.deadline = startedAt + timeoutMs - this.margin();
  }

  /** Aborted when the lease is known to be lost (handlers may stop early). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      this.watchExpiry();
    }
    return this.controller.signal;
  }

  /** Time between two extensions: three tries before the lease runs out. */
  get heartbeatMs(): number {
    return Math.max(50, Math.floor((this.timeoutMs - this.margin()) / 3));
  }

  /** A visibility extension sent at `sentAt` succeeded: the message stays ours until sentAt + timeout. */
  renewed(sentAt: number): void {
    if (this.heldAt(sentAt)) {
      this.deadline = sentAt + this.timeoutMs - this.margin();
      this.watchExpiry();
    } else this.lose(`the visibility timeout had lapsed before its extension was sent`);
  }

  lose(reason: string): void {
    this.lostReason ??= reason;
    this.abort();
  }

  /** The message is answered (deleted or left): its running out no longer matters. */
  end(): void {
    this.ended = true;
    clearTimeout(this.expiry);
  }

  heldAt(time: number): boolean {
    return this.lostReason === undefined && time < this.deadline;
  }

  /** Why the lease is not held at `time`. */
  reason(time: number): string {
    return (
      this.lostReason ??
      `the visibility timeout (${this.timeoutMs / 1000} s) lapsed ${time - this.deadline} ms before the message was deleted`
    );
  }

  private abort(): void {
    clearTimeout(this.expiry);
    this.controller?.abort(new Error(`lease lost: ${this.lostReason}`));
  }

  /** Aborts the signal if the lease is lost or has run out (for now), else checks again at the deadline. */
  private watchExpiry(): void {
    if (!this.controller || this.controller.signal.aborted) return;
    const now = Date.now();
    if (this.lostReason !== undefined) return this.abort();
    // Only the signal: an extension sent in time may still be answered, and then the lease is held again.
    if (now >= this.deadline)
      return this.controller.abort(
        new Error(`lease lost: the visibility timeout (${this.timeoutMs / 1000} s) ran out without an extension`),
      );
    if (this.ended) return;
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => this.watchExpiry(), this.deadline - now).unref();
  }

  private margin(): number {
    return Math.min(2000, this.timeoutMs * 0.2);
  }
}
