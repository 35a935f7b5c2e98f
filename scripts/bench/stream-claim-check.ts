// Benchmark child: the claim check's producer ("up") or consumer ("down") streaming 1 GiB, alone in its
// process, as compiled JS; prints its peak RSS (VmHWM).
import { ClaimCheckConsumer, ClaimCheckProducer } from "../../client";
import { recycledStream } from "../local/generated-stream";
import { drain, runChild, STREAM_BYTES } from "./stream-common";

runChild({
  up: async (local) => {
    const producer = new ClaimCheckProducer({ ...local.connection, config: local.config, submittedBy: "bench" });
    return (await producer.send(recycledStream(STREAM_BYTES))).claim.size!;
  },
  down: async (local) => {
    const consumer = new ClaimCheckConsumer({
      ...local.connection,
      config: local.config,
      waitTimeSeconds: 1,
      visibilityTimeoutSeconds: 600,
      cleanup: "delete",
    });
    let bytes = 0;
    await consumer.poll(async (claim) => void (bytes = await drain(await claim.stream())));
    return bytes;
  },
});
