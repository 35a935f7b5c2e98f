import { PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { execFile, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { EXTENDED_CLIENT_POINTER_CLASS, Outcome, ReceivedClaim } from "../../client";
import { LocalClaimCheck } from "../../scripts/local/local-claim-check";
import { claimCheck, consumerFor, producerFor, useEmulator } from "./support";
import { describeIf } from "../support/describe-if";

const { emulator } = useEmulator();
const FORMATS = JSON.parse(readFileSync(join(__dirname, "fixtures/wire-formats.json"), "utf8"));
const SCRIPT = join(__dirname, "fixtures/boto3_interop.py");

async function consumeAll(
  local: LocalClaimCheck,
): Promise<{ outcomes: Outcome[]; received: Pick<ReceivedClaim, "format" | "verification">[]; texts: string[] }> {
  const received: Pick<ReceivedClaim, "format" | "verification">[] = [];
  const texts: string[] = [];
  const outcomes = await consumerFor(local).poll(async (c) => {
    received.push({ format: c.format, verification: c.verification });
    texts.push(await c.text());
  });
  return { outcomes, received, texts };
}

describe("recorded wire formats of other clients, end to end through the emulator", () => {
  test.each(["seed", "extendedClientJava", "extendedClientPython"])("a %s message is processed", async (name) => {
    const local = await claimCheck(emulator());
    const producer = producerFor(local);
    const template = FORMATS[name];
    const parsed = JSON.parse(template.body);
    const key = `${local.config.payloadPrefix}2025-08-06/${name}`;
    const payload = "x".repeat(Number(template.attributes.ExtendedPayloadSize?.StringValue ?? 100));
    await producer.s3.send(new PutObjectCommand({ Bucket: local.config.bucketName, Key: key, Body: payload }));
    // The recorded body, pointed at this test's bucket: same fields, same JSON layout.
    const body = Array.isArray(parsed)
      ? template.body.replace(parsed[1].s3BucketName, local.config.bucketName).replace(parsed[1].s3Key, key)
      : template.body.replace(parsed.s3_bucket, local.config.bucketName).replace(parsed.s3_key, key);
    await producer.sqs.send(
      new SendMessageCommand({ QueueUrl: local.config.queueUrl, MessageBody: body, MessageAttributes: template.attributes }),
    );
    const { outcomes, received, texts } = await consumeAll(local);
    expect(outcomes.map((o) => [o.status, o.format, o.verification])).toEqual([
      ["processed", name === "seed" ? "seed" : "extended-client", name === "seed" ? "none" : "size"],
    ]);
    expect(received).toEqual([{ format: outcomes[0].format, verification: outcomes[0].verification }]);
    expect(texts).toEqual([payload]);
  });

  test("the producer writes the Extended Client pointer format on request, and its own consumer reads it verified", async () => {
    const local = await claimCheck(emulator());
    const producer = producerFor(local, { messageFormat: "extended-client" });
    const bodies: { body: string; attributes: unknown }[] = [];
    producer.sqs.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { MessageBody: string; MessageAttributes: unknown };
        bodies.push({ body: input.MessageBody, attributes: input.MessageAttributes });
        return next(args);
      },
      { step: "initialize" },
    );
    const { claim } = await producer.send("small, but through S3");
    expect(JSON.parse(bodies[0].body)).toEqual([
      EXTENDED_CLIENT_POINTER_CLASS,
      { s3BucketName: local.config.bucketName, s3Key: (claim as { s3_key: string }).s3_key },
    ]);
    expect(bodies[0].attributes).toEqual({
      ExtendedPayloadSize: { DataType: "Number", StringValue: "21" },
      ClaimCheckSha256: { DataType: "String", StringValue: claim.sha256 },
    });
    const { outcomes, texts } = await consumeAll(local);
    expect(outcomes.map((o) => [o.status, o.format, o.verification])).toEqual([["processed", "extended-client", "size+sha256"]]);
    expect(texts).toEqual(["small, but through S3"]);
  });
});

// boto3 (Debian's python3-boto3, or any Python with boto3) as an independent producer and consumer.
// Found without importing it (importing boto3 costs a quarter of a second of CPU); a broken boto3 fails the tests.
const python = spawnSync("python3", ["-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('boto3') is None)"], {
  encoding: "utf8",
});
const boto3Missing = python.error
  ? `python3 not found (${python.error.message})`
  : python.status !== 0
    ? "python3 has no boto3 module"
    : undefined;
describeIf(
  "interoperability with boto3, a client this project did not write",
  boto3Missing && `${boto3Missing}; the recorded wire formats above still run`,
  () => {
    const run = promisify(execFile);
    const boto3 = (local: LocalClaimCheck, command: "send" | "read") =>
      run("python3", [SCRIPT, emulator().endpoint, local.config.bucketName, local.config.payloadPrefix, local.config.queueUrl, command], {
        encoding: "utf8",
      });

    test("messages boto3 writes in the seed's format and in the Extended Client's format are processed", async () => {
      const local = await claimCheck(emulator());
      const sent = JSON.parse((await boto3(local, "send")).stdout);
      const { outcomes, texts } = await consumeAll(local);
      const byId = Object.fromEntries(outcomes.map((o) => [o.messageId, [o.status, o.format, o.verification]]));
      expect(byId).toEqual({ [sent.seed]: ["processed", "seed", "none"], [sent.extended]: ["processed", "extended-client", "size"] });
      expect(texts.sort()).toEqual(['{"order": "from the extended client"}', '{"order": "from the seed"}']);
    }, 30_000);

    test("boto3 reads what this producer writes in the Extended Client format", async () => {
      const local = await claimCheck(emulator());
      await producerFor(local, { messageFormat: "extended-client" }).send('{"order": "from TypeScript"}');
      expect(JSON.parse((await boto3(local, "read")).stdout)).toEqual(['{"order": "from TypeScript"}']);
    }, 30_000);
  },
);
