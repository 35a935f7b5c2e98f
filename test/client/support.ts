import { randomBytes } from "node:crypto";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { ClaimCheckConsumer, ClaimCheckProducer, ConsumerOptions, Outcome, ProducerOptions } from "../../client";
import { ClaimCheckProps } from "../../modules/claim-check";
import { Emulator, startEmulator } from "../../scripts/local/emulator";
import { createLocalClaimCheck, LocalClaimCheck } from "../../scripts/local/local-claim-check";
import { ENDPOINT_VARIABLE } from "./emulator-global";
export { generatedStream } from "../../scripts/local/generated-stream";

/**
 * The shared emulator started by jest's globalSetup (CLAIM_CHECK_EMULATOR_ENDPOINT), or one for this file
 * when run without it. Each test gets its own claim check (unique name), so tests never share queues.
 */
export function useEmulator(): { emulator: () => Pick<Emulator, "endpoint"> } {
  let emulator: Pick<Emulator, "endpoint"> & { stop?: () => Promise<void> };
  beforeAll(async () => {
    const shared = process.env[ENDPOINT_VARIABLE];
    emulator = shared ? { endpoint: shared } : await startEmulator();
  }, 30_000);
  afterAll(() => emulator?.stop?.());
  return { emulator: () => emulator };
}

let counter = 0;
export async function claimCheck(emulator: Pick<Emulator, "endpoint">, overrides: Partial<ClaimCheckProps> = {}): Promise<LocalClaimCheck> {
  counter += 1;
  // Unique across files that share the emulator (a jest worker runs several files, each counting from 1).
  return createLocalClaimCheck(emulator.endpoint, { name: `t${randomBytes(3).toString("hex")}-${counter}`, ...overrides });
}

export const producerFor = (local: LocalClaimCheck, options: Partial<ProducerOptions> = {}) =>
  new ClaimCheckProducer({ ...local.connection, config: local.config, submittedBy: "orders-api", ...options });

export const consumerFor = (local: LocalClaimCheck, options: Partial<ConsumerOptions> = {}) =>
  new ClaimCheckConsumer({ ...local.connection, config: local.config, waitTimeSeconds: 0, ...options });

/** Records the headers of every request a client sends (the emulator does not echo SSE headers). */
export function recordRequests(client: S3Client): { command: string; headers: Record<string, string> }[] {
  const seen: { command: string; headers: Record<string, string> }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      seen.push({
        command: context.commandName as string,
        headers: { ...((args.request as { headers?: Record<string, string> }).headers ?? {}) },
      });
      return next(args);
    },
    { step: "finalizeRequest", name: "recordRequests" },
  );
  return seen;
}

/** The name of every command the clients send, in order (one list for all of them). */
export function recordCommands(...clients: (S3Client | SQSClient)[]): string[] {
  const commands: string[] = [];
  for (const client of clients)
    (client as S3Client).middlewareStack.add(
      (next, context) => async (args) => (commands.push(context.commandName as string), next(args)),
      {
        step: "initialize",
      },
    );
  return commands;
}

export async function objectKeys(local: LocalClaimCheck, s3: S3Client): Promise<string[]> {
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: local.config.bucketName }));
  return Contents.map((o) => o.Key!);
}

export async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return Messages.map((m) => m.MessageId!);
}

export const statuses = (outcomes: Outcome[]) => outcomes.map((o) => o.status);
