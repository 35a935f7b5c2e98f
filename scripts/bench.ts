// npm run bench: the client against its raw-SDK baselines, on the local emulator (loopback, no AWS).
// Every scenario runs the claim check and a raw baseline doing the same work, in the same run: one
// warm-up round (discarded), then BENCH_ROUNDS rounds in rotated order (and raw/claim-check alternating
// first), reporting medians with min-max, and, last, the ratios. The 1 GiB stream's peak RSS is the
// VmHWM of a compiled-JS child process (bundled with esbuild), beside a raw-SDK child doing the same.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { Upload } from "@aws-sdk/lib-storage";
import { buildSync } from "esbuild";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { ClaimCheckConsumer, ClaimCheckProducer, createClients, DEFAULT_PART_SIZE } from "../client";
import { rotate, runConcurrently, spread, Spread, timed } from "./bench/measure";
import { drain } from "./bench/stream-common";
import { Peer, PEER_CANNOT_STREAM, PeerSent, PEER_MULTIPART_NOTE, peerPayload, startPeer } from "./bench/peer";
import { startEmulator } from "./local/emulator";
import { generatedStream } from "./local/generated-stream";
import { createLocalClaimCheck, LocalClaimCheck } from "./local/local-claim-check";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const WORKERS = 8;
const MEDIUM = 5 * 1024 * 1024;
const MEDIUM_COUNT = Number(process.env.BENCH_MEDIUM_COUNT ?? 8);
const LARGE = Number(process.env.BENCH_LARGE_MB ?? 64) * 1024 * 1024;
const STREAM_1GIB = process.env.BENCH_SKIP_1GIB === "1" ? undefined : 1024 * 1024 * 1024;
const SMALL = JSON.stringify({ orderId: "ord-1", items: [{ sku: "sku-1", qty: 1 }], note: "x".repeat(900) });
const PEER = "message-queue-toolkit";
/** The emulator's limit on one request's body: the peer's single PutObject of a payload must fit. */
const PEER_REQUEST_LIMIT = 11 * 1024 * 1024 - 64 * 1024;

/** One piece of work, measured as wall time in ms, for the claim check and for its raw baseline. */
interface Scenario {
  readonly name: string;
  /** What one measurement moves: messages or bytes, for the rate column. */
  readonly unit: { readonly count: number; readonly label: "msg/s" | "MB/s" };
  readonly raw: () => Promise<number>;
  readonly claimCheck: () => Promise<number>;
  /** The peer doing the same work, or why it cannot. */
  readonly peer: (() => Promise<number>) | string;
  /** A mark after the peer's figure that points to a note under the table. */
  readonly peerNote?: string;
}

type Side = "raw" | "claimCheck" | "peer";

/** The peer on its own queue and bucket, or why it could not start (its column then says so). */
async function peerOn(local: Promise<LocalClaimCheck>, concurrency: number, multipart = false): Promise<Peer | string> {
  try {
    return await startPeer(await local, concurrency, { multipart });
  } catch (error) {
    return `failed to start: ${(error as Error).message.split("\n")[0]}`;
  }
}

async function receiveOne(local: LocalClaimCheck, sqs: ReturnType<typeof createClients>["sqs"]) {
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: local.config.queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
    );
    if (Messages.length > 0) return Messages[0];
  }
}

type Clients = ReturnType<typeof createClients>;

/** The raw baseline's claim: a bare pointer to an object, as the seed's producer sends it. */
const sendPointer = (raw: LocalClaimCheck, sqs: Clients["sqs"], key: string) =>
  sqs.send(
    new SendMessageCommand({
      QueueUrl: raw.config.queueUrl,
      MessageBody: JSON.stringify({ s3_bucket: raw.config.bucketName, s3_key: key }),
    }),
  );

/** The raw baseline's consumer: receives a pointer, reads its object whole, deletes the message; returns the pointer. */
async function receiveAndRead(raw: LocalClaimCheck, { s3, sqs }: Clients): Promise<{ s3_bucket: string; s3_key: string }> {
  const message = await receiveOne(raw, sqs);
  const pointer = JSON.parse(message.Body!);
  await drain((await s3.send(new GetObjectCommand({ Bucket: pointer.s3_bucket, Key: pointer.s3_key }))).Body as Readable);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: raw.config.queueUrl, ReceiptHandle: message.ReceiptHandle }));
  return pointer;
}

function smallMessages(raw: LocalClaimCheck, cc: LocalClaimCheck, peer: Peer | string): Scenario {
  const { sqs } = createClients(raw.connection);
  const producer = new ClaimCheckProducer({ ...cc.connection, config: cc.config, submittedBy: "bench" });
  const consumer = new ClaimCheckConsumer({ ...cc.connection, config: cc.config, maxMessages: 1, visibilityTimeoutSeconds: 60 });
  return {
    name: `small messages (1 KB round trips, ${MESSAGES} x ${WORKERS} workers)`,
    unit: { count: MESSAGES, label: "msg/s" },
    raw: async () =>
      (
        await runConcurrently(MESSAGES, WORKERS, async () => {
          await sqs.send(new SendMessageCommand({ QueueUrl: raw.config.queueUrl, MessageBody: SMALL }));
          const message = await receiveOne(raw, sqs);
          await sqs.send(new DeleteMessageCommand({ QueueUrl: raw.config.queueUrl, ReceiptHandle: message.ReceiptHandle }));
        })
      ).wallMs,
    claimCheck: async () =>
      (
        await runConcurrently(MESSAGES, WORKERS, async () => {
          await producer.send(SMALL, { contentType: "application/json" });
          while ((await consumer.poll(async (claim) => void (await claim.bytes()), 1)).length === 0);
        })
      ).wallMs,
    peer:
      typeof peer === "string"
        ? peer
        : async () =>
            (
              await runConcurrently(MESSAGES, WORKERS, async () => {
                const id = peer.newId();
                const processed = peer.processed(id);
                await peer.publish(id, SMALL);
                await processed;
              })
            ).wallMs,
  };
}

function mediumPayloads(raw: LocalClaimCheck, cc: LocalClaimCheck, peer: Peer | string): Scenario {
  const { s3, sqs } = createClients(raw.connection);
  const producer = new ClaimCheckProducer({ ...cc.connection, config: cc.config, submittedBy: "bench" });
  const consumer = new ClaimCheckConsumer({
    ...cc.connection,
    config: cc.config,
    maxMessages: 1,
    visibilityTimeoutSeconds: 60,
    cleanup: "delete",
  });
  const payload = Buffer.alloc(MEDIUM, 7);
  return {
    name: `5 MiB payloads (store, send, receive, read, delete; ${MEDIUM_COUNT} x 4 workers)`,
    unit: { count: MEDIUM_COUNT * MEDIUM, label: "MB/s" },
    raw: async () =>
      (
        await runConcurrently(MEDIUM_COUNT, 4, async (i) => {
          const key = `raw/medium-${i}-${Math.random()}`;
          const sse = { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: raw.config.kmsKeyArn };
          await s3.send(new PutObjectCommand({ Bucket: raw.config.bucketName, Key: key, Body: payload, ...sse }));
          await sendPointer(raw, sqs, key);
          const pointer = await receiveAndRead(raw, { s3, sqs });
          await s3.send(new DeleteObjectCommand({ Bucket: pointer.s3_bucket, Key: pointer.s3_key }));
        })
      ).wallMs,
    claimCheck: async () =>
      (
        await runConcurrently(MEDIUM_COUNT, 4, async () => {
          await producer.send(payload);
          while ((await consumer.poll(async (claim) => void (await drain(await claim.stream())), 1)).length === 0);
        })
      ).wallMs,
    // The peer carries a payload as a string field of a JSON message: 5 MiB of ASCII characters. It leaves
    // payloads to lifecycle rules, so the job deletes what it stored, as the claim check's cleanup does.
    peer:
      typeof peer === "string"
        ? peer
        : async () => {
            const text = peerPayload(MEDIUM);
            return (
              await runConcurrently(MEDIUM_COUNT, 4, async () => {
                const id = peer.newId();
                const processed = peer.processed(id);
                const stored = await peer.storing(() => peer.publish(id, text));
                await processed;
                await peer.deleteStored(stored);
              })
            ).wallMs;
          },
  };
}

function largeUpload(raw: LocalClaimCheck, cc: LocalClaimCheck, peer: Peer | string): Scenario {
  const text = typeof peer === "string" ? "" : peerPayload(LARGE);
  const { s3, sqs } = createClients(raw.connection);
  const producer = new ClaimCheckProducer({ ...cc.connection, config: cc.config, submittedBy: "bench" });
  return {
    name: `upload ${LARGE / 1024 / 1024} MiB and send (raw: lib-storage Upload + SendMessage; claim check: + SHA-256)`,
    unit: { count: LARGE, label: "MB/s" },
    raw: async () =>
      (
        await timed(async () => {
          const params = {
            Bucket: raw.config.bucketName,
            Key: "raw/large",
            Body: generatedStream(LARGE),
            ServerSideEncryption: "aws:kms" as const,
            SSEKMSKeyId: raw.config.kmsKeyArn,
          };
          await new Upload({ client: s3, params, partSize: DEFAULT_PART_SIZE, queueSize: 4 }).done();
          await sendPointer(raw, sqs, "raw/large");
        })
      ).ms,
    claimCheck: async () => (await timed(() => producer.send(generatedStream(LARGE)))).ms,
    peerNote: LARGE > PEER_REQUEST_LIMIT ? " (*)" : undefined,
    peer:
      typeof peer === "string"
        ? peer
        : async () => {
            let stored: string[] = [];
            const { ms } = await timed(async () => void (stored = await peer.storing(() => peer.publish(peer.newId(), text))));
            await peer.deleteStored(stored); // untimed: the emulator keeps objects in memory
            return ms;
          },
  };
}

async function largeDownload(raw: LocalClaimCheck, cc: LocalClaimCheck, peer: Peer | string, hashOnThread = false): Promise<Scenario> {
  const { s3, sqs } = createClients(raw.connection);
  const rawKey = `${raw.config.payloadPrefix}raw-download`;
  await new Upload({
    client: s3,
    params: { Bucket: raw.config.bucketName, Key: rawKey, Body: generatedStream(LARGE) },
    partSize: DEFAULT_PART_SIZE,
  }).done();
  const { claim } = await new ClaimCheckProducer({ ...cc.connection, config: cc.config, submittedBy: "bench" }).send(
    generatedStream(LARGE),
  );
  const consumer = new ClaimCheckConsumer({
    ...cc.connection,
    config: cc.config,
    waitTimeSeconds: 1,
    visibilityTimeoutSeconds: 300,
    hashOnThread,
  });
  // The peer's pointer message, recorded from one publish (untimed) and re-sent before each measurement.
  let peerMessage: PeerSent | undefined;
  const peerId = typeof peer === "string" ? "" : peer.newId();
  if (typeof peer !== "string") {
    const processed = peer.processed(peerId);
    await peer.publish(peerId, peerPayload(LARGE));
    await processed;
    peerMessage = peer.lastSent();
  }
  return {
    name: hashOnThread
      ? `receive and download ${LARGE / 1024 / 1024} MiB, consumer option hashOnThread (SHA-256 on a second thread)`
      : `receive and download ${LARGE / 1024 / 1024} MiB (raw: ReceiveMessage + GetObject + DeleteMessage; claim check: + size and SHA-256 verified)`,
    unit: { count: LARGE, label: "MB/s" },
    raw: async () => {
      await sendPointer(raw, sqs, rawKey); // untimed
      return (await timed(() => receiveAndRead(raw, { s3, sqs }))).ms;
    },
    claimCheck: async () => {
      await sqs.send(new SendMessageCommand({ QueueUrl: cc.config.queueUrl, MessageBody: JSON.stringify(claim) })); // untimed: the claim to read
      return (await timed(() => consumer.poll(async (c) => void (await drain(await c.stream()))))).ms;
    },
    peerNote: LARGE > PEER_REQUEST_LIMIT ? " (*)" : undefined,
    // Timed from when its pointer is sent (its consumer is already long-polling) until its handler has the
    // parsed message and SQS has deleted it.
    peer:
      typeof peer === "string"
        ? peer
        : async () => {
            const processed = peer.processed(peerId);
            await peer.sqs.send(new SendMessageCommand({ QueueUrl: peer.queueUrl, ...peerMessage! }));
            return (await timed(() => processed)).ms;
          },
  };
}

interface ChildReport {
  readonly side: string;
  readonly bytes: number;
  readonly ms: number;
  readonly peak: number;
}

/** Bundles a child with esbuild and runs one side of it as plain JS (no TypeScript loader in the measured process). */
function streamChildren(work: string, local: LocalClaimCheck) {
  const bundles = new Map<string, string>();
  const bundleOf = (name: "claim-check" | "raw"): string => {
    let bundle = bundles.get(name);
    if (bundle === undefined) {
      bundle = join(work, `stream-${name}.js`);
      const entry = join(__dirname, `bench/stream-${name}.ts`);
      buildSync({ entryPoints: [entry], bundle: true, platform: "node", target: "node20", outfile: bundle, logLevel: "error" });
      bundles.set(name, bundle);
    }
    return bundle;
  };
  const run = (name: "claim-check" | "raw", side: "up" | "down" | "idle"): ChildReport => {
    process.stderr.write(`  1 GiB child: ${name} ${side}\n`);
    const bundle = bundleOf(name);
    const env = { ...process.env, NODE_NO_WARNINGS: "1" };
    return JSON.parse(
      execFileSync(process.execPath, [bundle, side, JSON.stringify(local)], { encoding: "utf8", maxBuffer: 1024 * 1024, env }),
    );
  };
  return {
    raw: { idle: run("raw", "idle"), up: run("raw", "up"), down: run("raw", "down") },
    claimCheck: { idle: run("claim-check", "idle"), up: run("claim-check", "up"), down: run("claim-check", "down") },
  };
}

const rate = (unit: Scenario["unit"], ms: number) =>
  unit.label === "msg/s" ? unit.count / (ms / 1000) : unit.count / 1024 / 1024 / (ms / 1000);
const show = (unit: Scenario["unit"], s: Spread) =>
  `${rate(unit, s.median).toFixed(unit.label === "msg/s" ? 0 : 1)} ${unit.label} (${rate(unit, s.max).toFixed(unit.label === "msg/s" ? 0 : 1)}-${rate(unit, s.min).toFixed(unit.label === "msg/s" ? 0 : 1)})`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const emulator = await startEmulator();
  const work = mkdtempSync(join(tmpdir(), "claim-bench-"));
  let peers: (Peer | string)[] = [];
  try {
    process.stderr.write(`benchmark on ${emulator.endpoint}: 1 warm-up + ${ROUNDS} rounds, rotated order\n`);
    const make = (name: string) => createLocalClaimCheck(emulator.endpoint, { name, visibilityTimeoutSeconds: 60 });
    peers = [
      await peerOn(make("bench-peer-small"), WORKERS),
      await peerOn(make("bench-peer-medium"), 4),
      await peerOn(make("bench-peer-upload"), 0, LARGE > PEER_REQUEST_LIMIT),
      await peerOn(make("bench-peer-download"), 1, LARGE > PEER_REQUEST_LIMIT),
    ];
    const downloadScenario = await largeDownload(await make("bench-raw-download"), await make("bench-cc-download"), peers[3]);
    const scenarios = [
      smallMessages(await make("bench-raw-small"), await make("bench-cc-small"), peers[0]),
      mediumPayloads(await make("bench-raw-medium"), await make("bench-cc-medium"), peers[1]),
      largeUpload(await make("bench-raw-upload"), await make("bench-cc-upload"), peers[2]),
      downloadScenario,
      // The same download with the consumer's hashOnThread option, beside its own raw baseline.
      await largeDownload(await make("bench-raw-download-2"), await make("bench-cc-download-2"), "same work as the row above", true),
    ];
    const times = new Map(scenarios.map((s) => [s.name, { raw: [] as number[], claimCheck: [] as number[], peer: [] as number[] }]));
    // What verification costs by itself: SHA-256 of the download's size on this thread, no I/O, fed in chunks
    // of a socket read that stay in the CPU's cache, as a download's chunks do: the hash at its fastest.
    const digestMs: number[] = [];
    const payload = Buffer.alloc(64 * 1024, 7);
    const digestAlone = () => {
      const hash = createHash("sha256");
      const start = process.hrtime.bigint();
      for (let done = 0; done < LARGE; done += payload.length)
        hash.update(done + payload.length <= LARGE ? payload : payload.subarray(0, LARGE - done));
      hash.digest();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let round = 0; round <= ROUNDS; round++) {
      const ms = digestAlone();
      if (round > 0) digestMs.push(ms);
      for (const scenario of rotate(scenarios, round)) {
        // Who goes first changes every round too.
        for (const side of rotate<Side>(["raw", "claimCheck", "peer"], round)) {
          const run = scenario[side];
          if (typeof run === "string") continue;
          const ms = await run();
          if (round > 0) times.get(scenario.name)![side].push(ms); // round 0 warms up the JIT, sockets and emulator
        }
      }
      process.stderr.write(`  round ${round === 0 ? "warm-up" : round} done\n`);
    }

    const stream = STREAM_1GIB ? streamChildren(work, await make("bench-huge")) : undefined;

    console.log(
      `\n${"scenario".padEnd(120)} | ${"raw SDK, median (min-max)".padEnd(28)} | ${"claim check, median (min-max)".padEnd(28)} | ${PEER}, median (min-max)`,
    );
    console.log(`${"-".repeat(120)}-|-${"-".repeat(28)}-|-${"-".repeat(28)}-|-${"-".repeat(30)}`);
    const ratios: string[] = [];
    const peerRatios: string[] = [];
    for (const scenario of scenarios) {
      const { raw, claimCheck, peer } = times.get(scenario.name)!;
      const [r, c] = [spread(raw), spread(claimCheck)];
      const p = typeof scenario.peer === "string" ? undefined : spread(peer);
      const peerColumn = p ? `${show(scenario.unit, p)}${scenario.peerNote ?? ""}` : scenario.peer;
      console.log(
        `${scenario.name.padEnd(120)} | ${show(scenario.unit, r).padEnd(28)} | ${show(scenario.unit, c).padEnd(28)} | ${peerColumn}`,
      );
      const label = scenario.name.split(" (")[0];
      ratios.push(`${label} ${(r.median / c.median).toFixed(2)}`);
      peerRatios.push(`${label} ${p ? `${(p.median / c.median).toFixed(2)}x` : "-"}`);
    }
    if (stream) {
      const mbs = (r: ChildReport) => `${rate({ count: r.bytes, label: "MB/s" }, r.ms).toFixed(0)} MB/s`;
      for (const side of ["up", "down"] as const) {
        const [r, c] = [stream.raw[side], stream.claimCheck[side]];
        const name = `1 GiB ${side === "up" ? "upload (producer process)" : "download (consumer process)"}: peak RSS (VmHWM), compiled JS`;
        console.log(
          `${name.padEnd(120)} | ${`${mib(r.peak)}, ${mbs(r)}`.padEnd(28)} | ${`${mib(c.peak)}, ${mbs(c)}`.padEnd(28)} | ${PEER_CANNOT_STREAM}`,
        );
        ratios.push(`1 GiB ${side} ${(r.ms / c.ms).toFixed(2)} (peak RSS ${mib(c.peak)} vs raw ${mib(r.peak)})`);
      }
      console.log(
        `  (idle processes that only loaded the same bundles: raw ${mib(stream.raw.idle.peak)}, claim check ${mib(stream.claimCheck.idle.peak)})`,
      );
    }
    console.log(
      `\n${PEER} carries a payload as a string field of a JSON message (the same number of ASCII bytes); it does not delete\n` +
        "payloads, so in the 5 MiB scenario its job deletes what it stored, as the claim check's cleanup does.",
    );
    if (LARGE > PEER_REQUEST_LIMIT) console.log(PEER_MULTIPART_NOTE);
    // The bound verification puts on a download here: the hash alone against raw's GetObject, both measured above.
    const download = times.get(downloadScenario.name)!.raw;
    const [hash, rawDownload] = [spread(digestMs), spread(download)];
    console.log(
      `verification alone: SHA-256 of ${mib(LARGE)} on one core, no I/O: ${hash.median.toFixed(0)} ms, ` +
        `${show({ count: LARGE, label: "MB/s" }, hash)}, beside ${rawDownload.median.toFixed(0)} ms for raw's whole download. ` +
        `So a verified download runs at most at ${(rawDownload.median / (rawDownload.median + hash.median)).toFixed(2)} of raw ` +
        `with the hash in line, and ${(rawDownload.median / Math.max(rawDownload.median, hash.median)).toFixed(2)} with it on ` +
        "a core that has nothing else to do (this machine's second core also runs the emulator and V8's collector)",
    );
    console.log(`ratios (claim check throughput / raw, median): ${ratios.join(", ")}`);
    console.log(`ratios (claim check throughput / ${PEER}, median): ${peerRatios.join(", ")}`);
  } finally {
    for (const peer of peers) if (typeof peer !== "string") await peer.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
