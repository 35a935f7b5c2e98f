import { S3Claim } from "../../client";
import { claimCheck, consumerFor, producerFor, useEmulator } from "./support";

const { emulator } = useEmulator();

// The emulator has no versioning, so the version S3 would return is injected into the SDK's response.
test("on a versioned bucket the claim pins the version, and the consumer reads exactly that version", async () => {
  const local = await claimCheck(emulator());
  const producer = producerFor(local, { alwaysOffload: true });
  producer.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "PutObjectCommand") (result.output as { VersionId?: string }).VersionId = "v-2026-11-21";
      return result;
    },
    { step: "initialize" },
  );
  const { claim } = await producer.send("order");
  expect((claim as S3Claim).version_id).toBe("v-2026-11-21");

  const consumer = consumerFor(local);
  const requested: { command: string; versionId?: string; range?: string }[] = [];
  consumer.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { VersionId?: string; Range?: string };
      requested.push({ command: context.commandName as string, versionId: input.VersionId, range: input.Range });
      // The emulator knows no versions: ask it for the object itself.
      delete (args.input as { VersionId?: string }).VersionId;
      return next(args);
    },
    { step: "initialize" },
  );
  const texts: string[] = [];
  await consumer.poll(async (c) => void texts.push(await c.text()));
  expect(texts).toEqual(["order"]);
  // One GetObject, no HeadObject before it (GetObject tells a missing key), never more than the claimed size + 1.
  expect(requested).toEqual([{ command: "GetObjectCommand", versionId: "v-2026-11-21", range: "bytes=0-5" }]);
});
