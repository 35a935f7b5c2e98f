import { S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { ClaimCheckConfig, ClaimCheckConfigError, ClaimCheckProducer, uploadInParts } from "../../client";

const CHUNK = 1024;
const PART = 4 * CHUNK;
const READ_AHEAD = 3 * CHUNK;

/** A source of `chunks` chunks of 1 KiB that counts what the uploader has read from it. */
function countingSource(chunks: number) {
  const read = { bytes: 0 };
  let sent = 0;
  const stream = new Readable({
    highWaterMark: 1, // no read-ahead of its own: what is read is what the uploader asked for
    read() {
      if (sent === chunks) return void this.push(null);
      const chunk = Buffer.alloc(CHUNK, sent++ % 251);
      read.bytes += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, read };
}

/** An S3 stand-in whose UploadPart calls wait until released, so that parts pile up in flight. */
function holdingS3() {
  const held: (() => void)[] = [];
  const uploaded = new Map<number, Buffer>();
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    switch (command.constructor.name) {
      case "CreateMultipartUploadCommand":
        return { UploadId: "upload-1" };
      case "UploadPartCommand": {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise<void>((resolve) => held.push(resolve));
        inFlight--;
        uploaded.set(command.input.PartNumber as number, Buffer.from(command.input.Body as Buffer));
        return { ETag: `"${command.input.PartNumber}"` };
      }
      case "CompleteMultipartUploadCommand":
        return {};
      default:
        throw new Error(`unexpected ${command.constructor.name}`);
    }
  };
  return {
    s3: { send } as unknown as S3Client,
    held,
    uploaded,
    maxInFlight: () => maxInFlight,
    releaseAll: () => held.splice(0).forEach((release) => release()),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("the part uploader holds at most queueSize parts in memory, the one being filled included", () => {
  test.each([1, 2, 3])("queueSize %i: while every buffer is uploading, nothing more is read from the source", async (queueSize) => {
    const s3 = holdingS3();
    const source = countingSource(40);
    const upload = uploadInParts({
      s3: s3.s3,
      bucket: "b",
      key: "k",
      body: source.stream,
      contentType: "application/octet-stream",
      kmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/k",
      partSize: PART,
      queueSize,
    });
    await settle();
    // queueSize parts uploading, held; besides them at most the chunk that waits for a free buffer and one
    // chunk read ahead by each of the stream and chunksOf: less than one part.
    expect(s3.held.length).toBe(queueSize);
    expect(source.read.bytes).toBeLessThanOrEqual(queueSize * PART + READ_AHEAD);
    for (;;) {
      s3.releaseAll();
      const done = await Promise.race([upload.then(() => true), settle().then(() => false)]);
      if (done) break;
      expect(source.read.bytes - [...s3.uploaded.values()].reduce((n, b) => n + b.length, 0)).toBeLessThanOrEqual(
        queueSize * PART + READ_AHEAD,
      );
    }
    const digest = await upload;
    expect(s3.maxInFlight()).toBeLessThanOrEqual(queueSize);
    const whole = Buffer.concat([...s3.uploaded.entries()].sort(([a], [b]) => a - b).map(([, body]) => body));
    const expected = Buffer.concat(Array.from({ length: 40 }, (_, n) => Buffer.alloc(CHUNK, n % 251)));
    expect(whole.equals(expected)).toBe(true);
    expect(digest).toEqual({ size: expected.length, sha256: createHash("sha256").update(expected).digest("hex") });
  });
});

test("a queueSize below 1 is refused by name, with its value (it would wait forever for a free buffer)", () => {
  const config: ClaimCheckConfig = {
    queueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/q",
    bucketName: "b",
    payloadPrefix: "payloads/",
    kmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/k",
    maxMessageSize: 262144,
  };
  expect(() => new ClaimCheckProducer({ config, submittedBy: "t", region: "us-east-1", queueSize: 0 })).toThrow(ClaimCheckConfigError);
  expect(() => new ClaimCheckProducer({ config, submittedBy: "t", region: "us-east-1", queueSize: 0 })).toThrow(
    "queueSize must be a whole number of at least 1, but 0 was given",
  );
});

test("sizes given as strings by JavaScript callers are refused at construction, all at once, showing the strings as strings", () => {
  const config: ClaimCheckConfig = {
    queueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/q",
    bucketName: "b",
    payloadPrefix: "payloads/",
    kmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/k",
    maxMessageSize: 262144,
  };
  const sizes = { partSize: "6291456", queueSize: "2" } as unknown as { partSize: number; queueSize: number };
  expect(() => new ClaimCheckProducer({ config, submittedBy: "t", region: "us-east-1", ...sizes })).toThrow(
    'partSize must be a whole number of bytes between 5 MiB and 10 MiB, but "6291456" was given; queueSize must be a whole number of at least 1, but "2" was given',
  );
});

const request = (s3: S3Client, body: Readable, sizes: { partSize: number; queueSize: number }) => ({
  s3,
  bucket: "b",
  key: "k",
  body,
  contentType: "application/octet-stream",
  kmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/k",
  ...sizes,
});

test("uploadInParts called directly refuses a part size or queue size below 1, naming both, instead of looping or waiting forever", async () => {
  const s3 = holdingS3();
  await expect(uploadInParts(request(s3.s3, countingSource(8).stream, { partSize: 0, queueSize: 0 }))).rejects.toThrow(
    "partSize must be a whole number of at least 1, but 0 was given; queueSize must be a whole number of at least 1, but 0 was given",
  );
});

test("when S3 fails a part, the source stream is destroyed (a file it reads is closed), and the upload is aborted", async () => {
  const commands: string[] = [];
  const s3 = {
    send: async (command: { constructor: { name: string } }) => {
      commands.push(command.constructor.name);
      if (command.constructor.name === "CreateMultipartUploadCommand") return { UploadId: "u" };
      if (command.constructor.name === "UploadPartCommand") throw Object.assign(new Error("Access Denied"), { name: "AccessDenied" });
      return {};
    },
  } as unknown as S3Client;
  const source = countingSource(40);
  await expect(uploadInParts(request(s3, source.stream, { partSize: PART, queueSize: 2 }))).rejects.toThrow("AccessDenied: Access Denied");
  expect(source.stream.destroyed).toBe(true);
  expect(commands.at(-1)).toBe("AbortMultipartUploadCommand");
});
