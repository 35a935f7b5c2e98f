import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { ClaimCheckConfigError, claimRefusal, ClaimRefusedError, ChecksumMismatchError, S3Claim } from "../../client";
import { LocalClaimCheck } from "../../scripts/local/local-claim-check";
import { countBodyBytes } from "./faults";
import { claimCheck, consumerFor, objectKeys, producerFor, receiveAll, recordCommands, useEmulator } from "./support";

const { emulator } = useEmulator();

const claimOn = (bucket: string, key: string, size = 6) => ({
  schema_version: "1.0",
  s3_bucket: bucket,
  s3_key: key,
  size,
  sha256: "0".repeat(64),
  content_type: "application/octet-stream",
  metadata: { submitted_by: "attacker", timestamp: "2026-11-21T10:00:00Z" },
});

async function sendRaw(local: LocalClaimCheck, body: object): Promise<string> {
  const { MessageId } = await producerFor(local).sqs.send(
    new SendMessageCommand({ QueueUrl: local.config.queueUrl, MessageBody: JSON.stringify(body) }),
  );
  return MessageId!;
}

describe("confused deputy: the consumer touches only its own bucket and payload prefix", () => {
  test.each([
    ["another team's bucket", (local: LocalClaimCheck, other: string) => claimOn(other, `${local.config.payloadPrefix}2026-11-21/victim`)],
    ["a key outside the payload prefix", (local: LocalClaimCheck) => claimOn(local.config.bucketName, "billing/invoices.csv")],
    [
      "a key escaping the prefix with ..",
      (local: LocalClaimCheck) => claimOn(local.config.bucketName, `${local.config.payloadPrefix}../billing/invoices.csv`),
    ],
  ])("a claim on %s is refused before any S3 call, never read or deleted, and kept for the DLQ", async (_name, forge) => {
    const local = await claimCheck(emulator(), { visibilityTimeoutSeconds: 0 });
    const owner = producerFor(local);
    const otherBucket = `other-team-${local.config.bucketName.slice(-12)}`;
    await owner.s3.send(new CreateBucketCommand({ Bucket: otherBucket }));
    const claim = forge(local, otherBucket) as S3Claim;
    await owner.s3.send(new PutObjectCommand({ Bucket: claim.s3_bucket, Key: claim.s3_key, Body: "secret" }));
    const messageId = await sendRaw(local, claim);

    const consumer = consumerFor(local, { cleanup: "delete" });
    const s3Calls = recordCommands(consumer.s3);
    let handled = false;
    const [outcome] = await consumer.poll(async () => void (handled = true));

    expect(outcome).toMatchObject({ messageId, status: "refused", deleted: false });
    expect(outcome.error).toBeInstanceOf(ClaimRefusedError);
    expect(s3Calls).toEqual([]);
    expect(handled).toBe(false);
    const { Body } = await owner.s3.send(new GetObjectCommand({ Bucket: claim.s3_bucket, Key: claim.s3_key }));
    expect(await Body!.transformToString()).toBe("secret");
    expect(await receiveAll(owner.sqs, local.config.queueUrl)).toEqual([messageId]);
  });

  test.each([
    ["other-bucket", "payloads/2026-11-21/x", /bucket "other-bucket" is not the payload bucket "mine"/],
    ["mine", "payloads", /not under the payload prefix/],
    ["mine", "payloadsX/2026", /not under the payload prefix/],
    ["mine", "payloads/../secret", /contains a "\." or "\.\." path segment/],
    ["mine", "payloads/./2026/x", /contains a "\." or "\.\." path segment/],
    ["mine", "payloads//x", /empty path segment/],
    ["mine", "payloads/a\\..\\..\\secret", /backslash/],
    ["mine", "payloads/a\u0000b", /control character/],
  ])("refuses s3://%s/%j", (bucket, key, reason) => {
    expect(claimRefusal({ s3_bucket: bucket, s3_key: key }, { bucketName: "mine", payloadPrefix: "payloads/" })).toMatch(reason);
  });

  test("accepts a key under the prefix, and refuses every S3 claim when the consumer was not told its bucket", () => {
    expect(
      claimRefusal({ s3_bucket: "mine", s3_key: "payloads/2026-11-21/3f2b" }, { bucketName: "mine", payloadPrefix: "payloads/" }),
    ).toBeUndefined();
    expect(claimRefusal({ s3_bucket: "mine", s3_key: "payloads/2026-11-21/3f2b" }, {})).toMatch(/accepts inline claims only/);
  });

  test('a consumer whose payloadPrefix does not end with "/" is refused at once: "payloads" would take in another prefix\'s keys', async () => {
    const local = await claimCheck(emulator());
    expect(() => consumerFor(local, { config: { ...local.config, payloadPrefix: "payloads" } })).toThrow(
      new ClaimCheckConfigError('payloadPrefix must end with "/", but "payloads" was given'),
    );
    // The same rule guards claimRefusal for callers who use it on its own.
    const scope = { bucketName: "mine", payloadPrefix: "payloads" };
    expect(claimRefusal({ s3_bucket: "mine", s3_key: "payloads-other-team/x" }, scope)).toMatch(/payloadPrefix must end with "\/"/);
  });
});

test("the download stops at the claimed size: a claim of 1 byte never reads a 1,000,000-byte object", async () => {
  const local = await claimCheck(emulator());
  const owner = producerFor(local);
  const key = `${local.config.payloadPrefix}2026-11-21/big`;
  await owner.s3.send(new PutObjectCommand({ Bucket: local.config.bucketName, Key: key, Body: Buffer.alloc(1_000_000, 1) }));
  await sendRaw(local, claimOn(local.config.bucketName, key, 1));
  const consumer = consumerFor(local);
  const read = countBodyBytes(consumer.s3);
  const [outcome] = await consumer.poll(async (c) => void (await c.bytes()));
  expect(outcome.status).toBe("checksum-mismatch");
  expect(outcome.error).toBeInstanceOf(ChecksumMismatchError);
  expect(read.bytes).toBeLessThanOrEqual(64 * 1024);
  expect(await objectKeys(local, owner.s3)).toEqual([key]);
});
