// The peer of issue 9, message-queue-toolkit (@message-queue-toolkit/sqs + s3-payload-store), doing the
// benchmark's work through its own API: a publisher and a consumer with payloadStoreConfig (an
// S3PayloadStore and a messageSizeThreshold), on the same emulator as the claim check.
import { S3 } from "@aws-sdk/client-s3";
import {
  DeleteMessageCommand,
  Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SendMessageCommandInput,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { Upload } from "@aws-sdk/lib-storage";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { createClients } from "../../client";
import { LocalClaimCheck } from "../local/local-claim-check";

// The peer's packages are ESM-only: Node 20 cannot require() them, and tsc (module: commonjs) types and emits
// `import()` as `require()`. A function built at run time keeps a real dynamic import.
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<Record<string, unknown>>;

/** The peer's classes, typed only as far as the benchmark uses them (its generics need its zod schemas). */
type Constructor = new (...args: unknown[]) => object;
interface Publisher {
  init(): Promise<void>;
  publish(message: PeerMessage): Promise<unknown>;
  close(): Promise<void>;
}
interface Consumer {
  start(): Promise<void>;
  close(abort?: boolean): Promise<void>;
}
interface PeerMessage {
  readonly id: string;
  readonly messageType: "bench.payload";
  readonly payload: string;
}

/** What the peer's figure of a scenario with payloads over the emulator's 11 MiB request limit stands for. */
export const PEER_MULTIPART_NOTE =
  "(*) with a PayloadStore that uploads in parts (lib-storage), as its S3PayloadStore's single PutObject is over the emulator's 11 MiB request limit";

/** Why the peer has no figure for a 1 GiB stream: its payload is one JSON message held in memory. */
export const PEER_CANNOT_STREAM = "cannot: a message is one JSON value in memory, and 1 GiB exceeds V8's maximum string length (512 MiB)";

/** A payload of `size` bytes as the peer carries one: a string field of as many ASCII characters. */
export const peerPayload = (size: number): string => "claimcheck".repeat(Math.ceil(size / 10)).slice(0, size);

const silentLogger = {
  level: "silent",
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  silent: () => undefined,
  isLevelEnabled: () => false,
  child: () => silentLogger,
};

/** A message as the peer's publisher sent it. */
export type PeerSent = Pick<SendMessageCommandInput, "MessageBody" | "MessageAttributes"> & { readonly MessageBody: string };

export interface Peer {
  /** A fresh message id. */
  newId(): string;
  /**
   * Resolves when the consumer's handler has had the message with this id and SQS has deleted it. Call it
   * before the message is sent.
   */
  processed(id: string): Promise<void>;
  /** Publishes one message (offloaded to S3 above the threshold); resolves when it is sent. */
  publish(id: string, payload: string): Promise<void>;
  /** Runs `work` and returns the S3 keys its publishes stored. */
  storing(work: () => Promise<void>): Promise<string[]>;
  /** Deletes stored payloads (the peer itself leaves them to lifecycle rules). */
  deleteStored(keys: readonly string[]): Promise<void>;
  /** The raw SQS client and the peer's queue, for re-sending a recorded pointer message. */
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** The last message the publisher sent (its pointer and the attribute that marks it as one). */
  lastSent(): PeerSent | undefined;
  close(): Promise<void>;
}

/**
 * Starts a publisher and a running consumer of the peer on `local`'s bucket and queue. `concurrency` is the
 * consumer's number of concurrent consumers (the claim check's workers in the same scenario); 0 starts none.
 */
export async function startPeer(local: LocalClaimCheck, concurrency: number, options: { multipart?: boolean } = {}): Promise<Peer> {
  // concurrency 0: a publisher alone (the upload scenario, where nothing consumes).
  const sqsModule = await importEsm("@message-queue-toolkit/sqs");
  const core = await importEsm("@message-queue-toolkit/core");
  const { S3PayloadStore } = (await importEsm("@message-queue-toolkit/s3-payload-store")) as { S3PayloadStore: Constructor };
  const { z } = (await importEsm("zod/v4")) as { z: typeof import("zod/v4").z };

  const { sqs: plainSqs, s3: s3Client } = createClients(local.connection);
  const s3 = new S3({ ...local.connection, forcePathStyle: true });
  const keys = new AsyncLocalStorage<string[]>();
  const baseStore = new S3PayloadStore({ s3 }, { bucketName: local.config.bucketName }) as {
    storePayload(payload: unknown): Promise<string>;
    retrievePayload(key: string): Promise<unknown>;
    deletePayload(key: string): Promise<void>;
  };
  // Its S3PayloadStore stores a payload with one PutObject, and the emulator takes at most 11 MiB in one
  // request (AWS: 5 GiB): larger payloads go through a store of the peer's PayloadStore interface that
  // uploads in parts with lib-storage (5 MiB x 4, its defaults), as a user of the peer would write one.
  const multipartStore = async (payload: { value: string | Readable }) => {
    const key = randomUUID();
    await new Upload({ client: s3Client, params: { Bucket: local.config.bucketName, Key: key, Body: payload.value } }).done();
    return key;
  };
  const store = {
    storePayload: async (payload: { value: string | Readable }) => {
      const key = options.multipart ? await multipartStore(payload) : await baseStore.storePayload(payload);
      keys.getStore()?.push(key);
      return key;
    },
    retrievePayload: (key: string) => baseStore.retrievePayload(key),
  };
  const payloadStoreConfig = { store, storeName: "s3", messageSizeThreshold: local.config.maxMessageSize };
  const schema = z.object({
    id: z.string(),
    messageType: z.literal("bench.payload"),
    payload: z.string(),
    timestamp: z.string().optional(),
  });

  // What SQS sends and deletes, seen through the consumer's client: a message counts as processed once
  // its handler ran and its DeleteMessage returned, as the claim check's poll does.
  const handled = new Map<string, () => void>();
  const deleted = new Map<string, () => void>();
  const idByReceipt = new Map<string, string>();
  let lastSent: PeerSent | undefined;
  let closing = false;
  const watchedSqs = new SQSClient({ ...local.connection });
  const send = watchedSqs.send.bind(watchedSqs) as (command: unknown, options?: unknown) => Promise<unknown>;
  watchedSqs.send = (async (command: unknown, options?: unknown) => {
    const response = await send(command, options);
    if (command instanceof ReceiveMessageCommand) {
      for (const message of ((response as { Messages?: Message[] }).Messages ?? []) as Message[])
        idByReceipt.set(message.ReceiptHandle!, (JSON.parse(message.Body!) as { id: string }).id);
    }
    if (command instanceof DeleteMessageCommand) {
      const id = idByReceipt.get(command.input.ReceiptHandle!);
      idByReceipt.delete(command.input.ReceiptHandle!);
      if (id !== undefined) deleted.get(id)?.();
    }
    if (command instanceof SendMessageCommand)
      lastSent = { MessageBody: command.input.MessageBody!, MessageAttributes: command.input.MessageAttributes };
    return response;
  }) as typeof watchedSqs.send;

  const deps = {
    sqsClient: watchedSqs,
    logger: silentLogger,
    errorReporter: { report: (error: unknown) => void (closing || console.error("peer error:", error)) },
    consumerErrorResolver: new (sqsModule.SqsConsumerErrorResolver as Constructor)(),
    transactionObservabilityManager: {
      start: () => undefined,
      stop: () => undefined,
      startWithGroup: () => undefined,
      addCustomAttributes: () => undefined,
    },
  };
  const locatorConfig = { queueUrl: local.config.queueUrl };
  const messageTypeResolver = { messageTypePath: "messageType" };

  const PublisherClass = class extends (sqsModule.AbstractSqsPublisher as Constructor) {};
  const publisher = new PublisherClass(deps, {
    messageSchemas: [schema],
    messageTypeResolver,
    locatorConfig,
    payloadStoreConfig,
  }) as Publisher;

  const HandlerBuilder = core.MessageHandlerConfigBuilder as new () => {
    addConfig(schema: unknown, handler: (message: PeerMessage) => Promise<{ result: "success" }>): { build(): unknown };
  };
  const handlers = new HandlerBuilder()
    .addConfig(schema, async (message) => {
      if (message.payload.length === 0) throw new Error("the peer handed over an empty payload");
      handled.get(message.id)?.();
      return { result: "success" };
    })
    .build();
  const ConsumerClass = class extends (sqsModule.AbstractSqsConsumer as Constructor) {};
  const consumer = new ConsumerClass(
    deps,
    {
      handlers,
      messageTypeResolver,
      locatorConfig,
      payloadStoreConfig,
      concurrentConsumersAmount: Math.max(1, concurrency),
      consumerOverrides: { batchSize: 1, waitTimeSeconds: 20 }, // long polls wait on the emulator, idle
    },
    {},
  ) as Consumer;
  await publisher.init();
  if (concurrency > 0) await consumer.start();

  let next = 0;
  const settled = (map: Map<string, () => void>, id: string) => new Promise<void>((resolve) => map.set(id, resolve));
  return {
    sqs: plainSqs,
    queueUrl: local.config.queueUrl,
    lastSent: () => lastSent,
    newId: () => `peer-${process.pid}-${next++}`,
    processed: (id) => {
      const both = Promise.all([settled(handled, id), settled(deleted, id)]);
      return both.then(() => void (handled.delete(id), deleted.delete(id)));
    },
    publish: async (id, payload) => void (await publisher.publish({ id, messageType: "bench.payload", payload })),
    storing: async (work) => {
      const stored: string[] = [];
      await keys.run(stored, work);
      return stored;
    },
    deleteStored: async (stored) => void (await Promise.all(stored.map((key) => baseStore.deletePayload(key)))),
    close: async () => {
      closing = true;
      if (concurrency > 0) await consumer.close(true);
      await publisher.close();
    },
  };
}
