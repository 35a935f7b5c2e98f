// Child process of the benchmark: streams 1 GiB up and down through the claim check and reports this
// process's peak RSS, so the figure is the client's own memory, not the emulator's.
import { ClaimCheckConsumer, ClaimCheckProducer } from "../../client";
import { LocalClaimCheck } from "../local/local-claim-check";
import { generatedStream } from "../local/generated-stream";

async function main(): Promise<void> {
  const local: LocalClaimCheck = JSON.parse(process.argv[2]);
  let peak = process.memoryUsage().rss;
  const baseline = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const size = 1024 * 1024 * 1024;
  const producer = new ClaimCheckProducer({ ...local.connection, config: local.config, submittedBy: "bench" });
  const start = Date.now();
  await producer.send(generatedStream(size));
  const uploadMs = Date.now() - start;
  let downloaded = 0;
  const consumer = new ClaimCheckConsumer({ ...local.connection, config: local.config, waitTimeSeconds: 1, cleanup: "delete" });
  const downloadStart = Date.now();
  await consumer.poll(async (claim) => {
    for await (const chunk of await claim.stream()) downloaded += chunk.length;
  });
  const downloadMs = Date.now() - downloadStart;
  clearInterval(sampler);
  process.stdout.write(JSON.stringify({ size, downloaded, baseline, peak, uploadMs, downloadMs }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
