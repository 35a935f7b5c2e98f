import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { S3Claim } from "../../client";
import { claimCheck, consumerFor, generatedStream, producerFor, statuses, useEmulator } from "./support";

const { emulator } = useEmulator();
const SIZE = 3 * 1024 * 1024 + 7;

describe("a consumer with hashOnThread verifies downloads exactly as one without", () => {
  test("a payload that matches its claim is processed, its bytes whole", async () => {
    const local = await claimCheck(emulator());
    const { claim } = await producerFor(local).send(generatedStream(SIZE));
    let sha256 = "";
    const outcomes = await consumerFor(local, { hashOnThread: true }).poll(async (c) => {
      sha256 = createHash("sha256")
        .update(await c.bytes())
        .digest("hex");
    });
    expect(statuses(outcomes)).toEqual(["processed"]);
    expect(sha256).toBe(claim.sha256);
  });

  test("a payload replaced by other bytes of the same size is a checksum mismatch, and the message stays", async () => {
    const local = await claimCheck(emulator());
    const producer = producerFor(local);
    const { claim } = await producer.send(generatedStream(SIZE));
    const { s3_bucket: Bucket, s3_key: Key } = claim as S3Claim;
    await producer.s3.send(new PutObjectCommand({ Bucket, Key, Body: Buffer.alloc(SIZE, 1) }));
    const outcomes = await consumerFor(local, { hashOnThread: true }).poll(async (c) => {
      for await (const chunk of await c.stream()) void chunk;
    });
    expect(statuses(outcomes)).toEqual(["checksum-mismatch"]);
    expect(outcomes[0].deleted).toBe(false);
  });
});
