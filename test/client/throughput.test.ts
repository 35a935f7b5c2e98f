import { ClaimCheckProducer, isInline } from "../../client";
import { claimCheck, consumerFor, producerFor, useEmulator } from "./support";

const { emulator } = useEmulator();

test("batches hold at most 10 claims and at most the queue's maximum message size", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local);
  const batches: { entries: number; bytes: number }[] = [];
  producer.sqs.middlewareStack.add(
    (next) => async (args) => {
      const input = (args as { input: unknown }).input as { Entries?: { MessageBody: string }[] };
      if (input.Entries)
        batches.push({ entries: input.Entries.length, bytes: input.Entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody), 0) });
      return next(args);
    },
    { step: "initialize" },
  );
  // 25 small payloads (inline), then 6 of 300 KB each (inline, but four of them exceed 1 MiB together).
  const small = Array.from({ length: 25 }, (_, i) => `order-${i}`);
  const large = Array.from({ length: 6 }, (_, i) => Buffer.alloc(300 * 1024, i));
  const results = await producer.sendBatch([...small, ...large]);
  expect(results.every((r) => !(r instanceof Error))).toBe(true);
  expect(results.every((r) => !(r instanceof Error) && isInline(r.claim))).toBe(true);
  for (const batch of batches) {
    expect(batch.entries).toBeLessThanOrEqual(10);
    expect(batch.bytes).toBeLessThanOrEqual(local.config.maxMessageSize);
  }
  expect(batches.reduce((n, b) => n + b.entries, 0)).toBe(31);

  const received = new Set<string>();
  const consumer = consumerFor(local);
  for (let i = 0; i < 10 && received.size < 31; i++) {
    for (const o of await consumer.poll(async (c) => void received.add(c.claim.sha256!))) expect(o.status).toBe("processed");
  }
  expect(received.size).toBe(31);
}, 60_000);

test("concurrent producers and consumers: every claim is processed exactly once", async () => {
  const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 30 });
  const producers = Array.from({ length: 4 }, (_, p) => producerFor(local, { alwaysOffload: p % 2 === 0, submittedBy: `producer-${p}` }));
  const sent = (
    await Promise.all(
      producers.map((producer: ClaimCheckProducer, p) =>
        Promise.all(Array.from({ length: 15 }, (_, i) => producer.send(`order ${p}-${i}`))),
      ),
    )
  ).flat();
  expect(sent).toHaveLength(60);

  const processed: string[] = [];
  const consumers = Array.from({ length: 3 }, () => consumerFor(local, { cleanup: "delete" }));
  let idle = 0;
  while (processed.length < 60 && idle < 5) {
    const rounds = await Promise.all(consumers.map((c) => c.poll(async (claim) => void processed.push(await claim.text()), 1)));
    idle = rounds.flat().length === 0 ? idle + 1 : 0;
  }
  expect(processed.sort()).toEqual(sent.map((_, i) => `order ${Math.floor(i / 15)}-${i % 15}`).sort());
}, 60_000);

test("FIFO: claims keep their order within a message group", async () => {
  const local = await claimCheck(emulator(), { fifo: true, contentBasedDeduplication: true });
  const producer = producerFor(local, { messageGroupId: "customer-42" });
  for (const n of [1, 2, 3, 4, 5]) await producer.send(`step ${n}`);
  const seen: string[] = [];
  const consumer = consumerFor(local);
  while (seen.length < 5) await consumer.poll(async (c) => void seen.push(await c.text()));
  expect(seen).toEqual(["step 1", "step 2", "step 3", "step 4", "step 5"]);
});
