import { ClaimCheckConsumer } from "../../client";
import { claimCheck, consumerFor, producerFor, useEmulator } from "./support";

const { emulator } = useEmulator();
// One instant for every claim, so bodies are byte-identical: what made the old SHA-256-of-body id collide.
const now = () => new Date("2026-11-21T10:00:00.000Z");

async function drain(consumer: ClaimCheckConsumer): Promise<string[]> {
  const seen: string[] = [];
  for (let idle = 0; idle < 2;) {
    const outcomes = await consumer.poll(async (c) => void seen.push(await c.text()), 0);
    idle = outcomes.length === 0 ? idle + 1 : 0;
  }
  return seen;
}

describe("FIFO: a successful send is a delivered message", () => {
  test("a batch of identical payloads delivers every entry (no shared deduplication id)", async () => {
    const local = await claimCheck(emulator(), { fifo: true, contentBasedDeduplication: false });
    const results = await producerFor(local, { now }).sendBatch(["same", "same", "same", "same"]);
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    expect(await drain(consumerFor(local))).toEqual(["same", "same", "same", "same"]);
  });

  test("50 concurrent sends of one payload deliver 50 messages", async () => {
    const local = await claimCheck(emulator(), { fifo: true, contentBasedDeduplication: false });
    const producer = producerFor(local, { now });
    await Promise.all(Array.from({ length: 50 }, () => producer.send("same order")));
    expect(await drain(consumerFor(local, { maxMessages: 10 }))).toHaveLength(50);
  }, 30_000);

  test("a caller's deduplication id in a batch becomes one id per entry", async () => {
    const local = await claimCheck(emulator(), { fifo: true, contentBasedDeduplication: false });
    const producer = producerFor(local, { now });
    const ids: string[] = [];
    producer.sqs.middlewareStack.add(
      (next) => async (args) => {
        for (const e of (args.input as { Entries?: { MessageDeduplicationId: string }[] }).Entries ?? [])
          ids.push(e.MessageDeduplicationId);
        return next(args);
      },
      { step: "initialize" },
    );
    await producer.sendBatch(["a", "b", "c"], { deduplicationId: "import-7" });
    expect(ids).toEqual(["import-7-0", "import-7-1", "import-7-2"]);
    expect((await drain(consumerFor(local))).sort()).toEqual(["a", "b", "c"]);
  });

  test("deduplication by payload happens only when asked for", async () => {
    const local = await claimCheck(emulator(), { fifo: true, contentBasedDeduplication: false });
    const producer = producerFor(local, { deduplication: "payload" });
    await producer.send("same order");
    await producer.send("same order");
    await producer.send("other order");
    expect(await drain(consumerFor(local))).toEqual(["same order", "other order"]);
  });
});
