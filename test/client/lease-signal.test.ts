import { Lease } from "../../client/lease";

// The signal is made only when a handler asks for it: asked before or after the loss, it reports the loss.
test("a lease's signal asked for after the lease was lost is already aborted, with the reason", () => {
  const lease = new Lease(Date.now(), 30_000);
  lease.lose("extending its visibility failed: NetworkingError: reset");
  expect(lease.signal.aborted).toBe(true);
  expect(String(lease.signal.reason)).toBe("Error: lease lost: extending its visibility failed: NetworkingError: reset");
});

test("a lease's signal asked for while the lease is held aborts when it is lost, once, with the first reason", () => {
  const lease = new Lease(Date.now(), 30_000);
  const signal = lease.signal;
  const reasons: unknown[] = [];
  signal.addEventListener("abort", () => reasons.push(signal.reason));
  expect(signal.aborted).toBe(false);
  expect(lease.signal).toBe(signal);
  lease.lose("first");
  lease.lose("second");
  expect(reasons.map(String)).toEqual(["Error: lease lost: first"]);
  expect(lease.heldAt(Date.now())).toBe(false);
});

test("a signal aborted at the deadline does not lose a lease whose extension, sent in time, is answered late", async () => {
  const start = Date.now();
  const lease = new Lease(start, 1000); // held until start + 800 ms (a 20% margin)
  const signal = lease.signal;
  await new Promise((resolve) => setTimeout(resolve, 850));
  expect(signal.aborted).toBe(true); // nothing answered by the deadline: the handler is told at once
  lease.renewed(start + 300); // the extension sent at 300 ms, answered now
  expect(lease.heldAt(Date.now())).toBe(true);
});
