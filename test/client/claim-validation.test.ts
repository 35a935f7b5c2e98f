import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import fc from "fast-check";
import {
  ClaimCheckConfigError,
  ClaimValidationError,
  fromFile,
  isInline,
  MalformedClaimError,
  readClaimMessage,
  sha256Hex,
} from "../../client";
import { claimCheck, consumerFor, objectKeys, producerFor, receiveAll, statuses, useEmulator } from "./support";
import wireFormats from "./fixtures/wire-formats.json";

const { emulator } = useEmulator();

describe("the producer never sends a claim its consumer would reject", () => {
  test.each([
    [
      "a content type over 255 characters",
      { contentType: "a".repeat(256) },
      /\/content_type must NOT have more than 255 characters \(got "a{20,}\.\.\.\)/,
    ],
    ["an empty content type", { contentType: "" }, /\/content_type must NOT have fewer than 1 characters \(got ""\)/],
    [
      "non-string metadata from a JavaScript caller",
      { metadata: { priority: 5 } as unknown as Record<string, string> },
      /\/metadata\/priority must be string \(got 5\)/,
    ],
  ])("%s fails with the field and the value, before anything is uploaded or sent", async (_name, options, message) => {
    const local = await claimCheck(emulator());
    const producer = producerFor(local, { alwaysOffload: true });
    const error = await producer.send("order", options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClaimValidationError);
    expect((error as Error).message).toMatch(message);
    expect(await objectKeys(local, producer.s3)).toEqual([]);
    expect(await receiveAll(producer.sqs, local.config.queueUrl)).toEqual([]);
  });

  test("every problem is reported at once", async () => {
    const local = await claimCheck(emulator());
    const error = (await producerFor(local)
      .send("order", { contentType: "", metadata: { priority: 5, region: null } as unknown as Record<string, string> })
      .catch((e: unknown) => e)) as ClaimValidationError;
    expect(error.problems).toEqual([
      '/content_type must NOT have fewer than 1 characters (got "")',
      "/metadata/priority must be string (got 5)",
      "/metadata/region must be string (got null)",
    ]);
  });

  test("a submittedBy over 256 characters is refused when the producer is built", async () => {
    const local = await claimCheck(emulator());
    expect(() => producerFor(local, { submittedBy: "s".repeat(257) })).toThrow(ClaimCheckConfigError);
    expect(() => producerFor(local, { submittedBy: "s".repeat(257) })).toThrow(/submittedBy must be a string of 1 to 256 characters/);
  });
});

describe("inline payloads: measured, not estimated", () => {
  test("a payload at the threshold with long metadata goes through S3 instead of failing the send", async () => {
    const local = await claimCheck(emulator());
    const producer = producerFor(local);
    const { claim } = await producer.send(Buffer.alloc(producer.inlineThreshold, 7), { metadata: { note: "n".repeat(6000) } });
    expect(isInline(claim)).toBe(false);
    expect(statuses(await consumerFor(local).poll(async (c) => void (await c.bytes())))).toEqual(["processed"]);
  });

  test("a small file and a small stream of unknown length travel inline: no object is written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "claim-inline-"));
    try {
      writeFileSync(join(dir, "small.json"), '{"orderId":"ord-1"}');
      const local = await claimCheck(emulator());
      const producer = producerFor(local);
      const file = await producer.send(fromFile(join(dir, "small.json")), { contentType: "application/json" });
      const stream = await producer.send(Readable.from([Buffer.from("from "), Buffer.from("stdin")]));
      expect([isInline(file.claim), isInline(stream.claim)]).toEqual([true, true]);
      expect(await objectKeys(local, producer.s3)).toEqual([]);
      const texts: string[] = [];
      await consumerFor(local).poll(async (c) => void texts.push(await c.text()));
      expect(texts.sort()).toEqual(["from stdin", '{"orderId":"ord-1"}']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a stream just over the threshold is uploaded whole, from the bytes already read and the rest", async () => {
    const local = await claimCheck(emulator(), { maxMessageSize: 8192 });
    const producer = producerFor(local);
    const size = producer.inlineThreshold + 1;
    const bytes = Buffer.from(Array.from({ length: size }, (_, i) => i % 256));
    const chunks = Array.from({ length: Math.ceil(size / 1000) }, (_, i) => bytes.subarray(i * 1000, (i + 1) * 1000));
    const { claim } = await producer.send(Readable.from(chunks));
    expect(isInline(claim)).toBe(false);
    const got: Buffer[] = [];
    await consumerFor(local).poll(async (c) => void got.push(await c.bytes()));
    expect(Buffer.compare(got[0], bytes)).toBe(0);
  });
});

describe("an inline claim carries its integrity fields and strict base64, as this producer writes it", () => {
  const METADATA = { submitted_by: "orders-api", timestamp: "2026-11-21T10:00:00Z" };
  const inlineClaim = (data: string, fields: object = { size: 2, sha256: sha256Hex(Buffer.from("hi")) }) =>
    JSON.stringify({ schema_version: "1.0", inline: { encoding: "base64", data }, ...fields, content_type: "x", metadata: METADATA });
  const problemsOf = (body: string) => {
    try {
      readClaimMessage(body);
    } catch (error) {
      if (error instanceof MalformedClaimError) return error.problems;
      throw error;
    }
    return [];
  };
  const BASE64 = "must be base64: the RFC 4648 alphabet (A-Z a-z 0-9 + /) in groups of 4 characters, the last padded with =, no whitespace";

  test("an inline claim without size and sha256, and with data that is not base64, is malformed: one reason per problem", () => {
    expect(problemsOf(inlineClaim("###not base64###", {}))).toEqual([
      "an inline claim must carry size and sha256 (missing: size, sha256)",
      `/inline/data ${BASE64} (got "###not base64###")`,
    ]);
    expect(problemsOf(inlineClaim("aGk=", { size: 2 }))).toEqual(["an inline claim must carry size and sha256 (missing: sha256)"]);
  });

  test.each([
    ["a trailing space", "aGk= "],
    ["a line break", "aG\nk="],
    ["missing padding", "aGk"],
    ["too much padding", "aGk=="],
    ["padding only", "===="],
    ["padding inside", "aG==aGk="],
    ["the URL-safe alphabet", "-_8="],
    ["unused bits set in the last character", "aGl="],
  ])("data with %s is malformed, naming /inline/data", (_name, data) => {
    expect(problemsOf(inlineClaim(data))).toEqual([`/inline/data ${BASE64} (got ${JSON.stringify(data)})`]);
  });

  test("whatever bytes the producer inlines, its base64 is accepted", () => {
    expect(problemsOf(inlineClaim("", { size: 0, sha256: sha256Hex(Buffer.alloc(0)) }))).toEqual([]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(problemsOf(inlineClaim(buffer.toString("base64"), { size: buffer.length, sha256: sha256Hex(buffer) }))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test("the source document's message and the Extended Client pointers, which never carry inline payloads, are still read", () => {
    for (const { body, attributes } of [
      wireFormats.seed,
      wireFormats.extendedClientJava,
      wireFormats.extendedClientPython,
      wireFormats.extendedClientLegacy,
    ])
      expect(() => readClaimMessage(body, attributes)).not.toThrow();
  });

  test("the consumer reports such a claim as malformed and never hands its bytes to the handler", async () => {
    const local = await claimCheck(emulator());
    const producer = producerFor(local);
    await producer.sqs.send(new SendMessageCommand({ QueueUrl: local.config.queueUrl, MessageBody: inlineClaim("###not base64###", {}) }));
    const handled: Buffer[] = [];
    const outcomes = await consumerFor(local).poll(async (claim) => void handled.push(await claim.bytes()));
    expect(outcomes).toMatchObject([{ status: "malformed", deleted: false }]);
    expect(outcomes[0].error?.message).toContain("an inline claim must carry size and sha256 (missing: size, sha256)");
    expect(handled).toEqual([]);
  });
});
