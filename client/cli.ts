#!/usr/bin/env node
import { Command, InvalidArgumentError } from "commander";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AwsConnection } from "./config";
import type { Outcome } from "./consumer";
import { fromFile } from "./payload-source";
import { saveVerified } from "./save-verified";

/*
 * What a command needs is loaded when it runs: `--help` and a bad option never load the AWS SDK, ajv or
 * cli-progress (two thirds of the CLI's start-up). The modules imported above need none of them.
 * require(), not import(): the CLI also runs from its TypeScript source (bin/claim-check.js), whose loader
 * registers .ts files for require only.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on use, typed by their modules */
const configModule = () => require("./config") as typeof import("./config");
const consumerModule = () => require("./consumer") as typeof import("./consumer");
const producerModule = () => require("./producer") as typeof import("./producer");
const progressModule = () => require("cli-progress") as typeof import("cli-progress");
/* eslint-enable @typescript-eslint/no-require-imports */

interface Common {
  config: string;
  stack?: string;
  endpoint?: string;
  region?: string;
  timeout: number;
}

/** Exit codes: 0 all processed, 1 a usage, configuration or send error, 2 some message not processed. */
export const EXIT_FAILED_MESSAGES = 2;

/** `waitSeconds`: a long poll is silent that long by design, so it is added to the timeout. */
const connection = (options: Common, waitSeconds = 0): AwsConnection => ({
  endpoint: options.endpoint,
  region: options.region,
  // An emulator accepts any credentials; real AWS uses the default provider chain.
  credentials: options.endpoint ? { accessKeyId: "local", secretAccessKey: "local" } : undefined,
  connectTimeoutMs: Math.min(options.timeout * 1000, 5000),
  socketTimeoutMs: (options.timeout + waitSeconds) * 1000,
});

/** SQS's longest long poll. */
const MAX_WAIT_SECONDS = 20;

/** A whole number option from `min` to `max`, or a usage error naming the value. */
const integerOption =
  (min: number, max = Infinity) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(
        `must be an integer ${max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`}, but "${value}" was given`,
      );
    return n;
  };
const positiveInteger = integerOption(1);
/** 0 is a short poll (ReceiveMessage answers at once, possibly empty from a sample of SQS's servers). */
const waitSeconds = integerOption(0, MAX_WAIT_SECONDS);

const endpointUrl = (value: string) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`must be an http(s) URL such as http://127.0.0.1:4566, but "${value}" was given`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InvalidArgumentError(`must be an http(s) URL, but "${value}" was given`);
  return value;
};

/** `--require-verified` met a claim that lacks size or sha256. */
class UnverifiedClaimError extends Error {
  constructor(messageId: string, format: string, verification: string) {
    super(
      `claim ${messageId} (format ${format}) can be verified only by ${verification === "none" ? "nothing" : verification}; ` +
        "--require-verified accepts only claims with size and sha256",
    );
    this.name = "UnverifiedClaimError";
  }
}

/** A file name for a message id: SQS ids are UUIDs, but never trust a name from the wire. */
const safeName = (messageId: string) => messageId.replace(/[^A-Za-z0-9._-]/g, "_");

export function buildCli(): Command {
  const program = new Command("claim-check")
    .description("Send and receive payloads through a claim-check bucket and queue")
    .requiredOption(
      "-c, --config <file>",
      "the module's outputs: `terraform output -json > outputs.json` or `cdktf output --outputs-file outputs.json`",
    )
    .option("--stack <name>", "the stack to read from a `cdktf output --outputs-file` file holding several")
    .option("--endpoint <url>", "S3/SQS endpoint (an emulator); default: AWS", endpointUrl)
    .option("--region <region>", "AWS region; default: AWS_REGION")
    .option(
      "--timeout <seconds>",
      "fail a call after this long without an answer (a receive's long-poll wait is added)",
      positiveInteger,
      30,
    );

  program
    .command("send")
    .description("store a file's payload (or inline a small one) and send its claim; prints the claim")
    .argument("<file>", "the payload file ('-' reads standard input)")
    .option("-t, --content-type <type>", "payload content type", "application/octet-stream")
    .option("--submitted-by <name>", "metadata.submitted_by", process.env.USER ?? "claim-check-cli")
    .option("--always-offload", "send through S3 even when the payload is small")
    .option("--extended-client-format", "write the AWS SQS Extended Client pointer format (always through S3)")
    .action(
      async (
        file: string,
        options: { contentType: string; submittedBy: string; alwaysOffload?: boolean; extendedClientFormat?: boolean },
      ) => {
        const common = program.opts<Common>();
        const config = configModule().configFromFile(common.config, common.stack);
        const { ClaimCheckProducer } = producerModule();
        const producer = new ClaimCheckProducer({
          ...connection(common),
          config,
          submittedBy: options.submittedBy,
          alwaysOffload: options.alwaysOffload,
          messageFormat: options.extendedClientFormat ? "extended-client" : "claim-check",
        });
        const size = file === "-" ? undefined : statSync(file).size;
        const bar =
          size !== undefined && size > 10 * 1024 * 1024 && process.stderr.isTTY
            ? new (progressModule().SingleBar)({ format: "upload [{bar}] {percentage}% {value}/{total} bytes" })
            : undefined;
        bar?.start(size!, 0);
        const result = await producer.send(file === "-" ? process.stdin : fromFile(file), {
          contentType: options.contentType,
          onProgress: (p) => bar?.update(p.loaded),
        });
        bar?.stop();
        process.stdout.write(`${JSON.stringify({ messageId: result.messageId, claim: result.claim }, null, 2)}\n`);
      },
    );

  program
    .command("receive")
    .description("receive claims, write each verified payload to a folder, delete the messages")
    .option("-o, --out <dir>", "folder for the payloads", ".")
    .option("-n, --max <count>", "stop after this many messages", positiveInteger, 1)
    .option("--wait <seconds>", `long-poll wait, 0 (a short poll) to ${MAX_WAIT_SECONDS}`, waitSeconds, MAX_WAIT_SECONDS)
    .option("--delete-payloads", "delete each payload after its message (cleanup mode delete)")
    .option("--tag-payloads", "tag each payload ClaimCheckState=consumed after its message (cleanup mode tag)")
    .option(
      "--require-verified",
      "refuse claims without both size and sha256 (seed or Extended Client messages): nothing is written, the message stays queued",
    )
    .action(
      async (options: {
        out: string;
        max: number;
        wait: number;
        deletePayloads?: boolean;
        tagPayloads?: boolean;
        requireVerified?: boolean;
      }) => {
        const common = program.opts<Common>();
        mkdirSync(options.out, { recursive: true });
        const config = configModule().configFromFile(common.config, common.stack);
        const { ClaimCheckConsumer } = consumerModule();
        const consumer = new ClaimCheckConsumer({
          ...connection(common, options.wait),
          config,
          cleanup: options.deletePayloads ? "delete" : options.tagPayloads ? "tag" : "none",
        });
        const failed: Outcome[] = [];
        let done = 0;
        while (done < options.max) {
          const outcomes = await consumer.poll(
            async (claim) => {
              // Checked before any byte is read: an unverifiable payload never reaches the folder.
              if (options.requireVerified && claim.verification !== "size+sha256")
                throw new UnverifiedClaimError(claim.messageId, claim.format, claim.verification);
              // Written under a temporary name and renamed only once verified: no unverified file is left.
              const path = join(options.out, safeName(claim.messageId));
              await saveVerified(await claim.stream(), path);
              writeFileSync(`${path}.claim.json`, JSON.stringify(claim.claim, null, 2));
            },
            options.wait,
            undefined,
            Math.min(options.max - done, 10),
          );
          if (outcomes.length === 0) break;
          for (const o of outcomes) {
            process.stdout.write(
              `${JSON.stringify({
                messageId: o.messageId,
                status: o.status,
                // What was checked before the file was renamed into place: "none" means nothing could be.
                ...(o.format ? { format: o.format } : {}),
                ...(o.verification ? { verification: o.verification } : {}),
                ...(o.error ? { error: o.error.message } : {}),
              })}\n`,
            );
            if (o.status !== "processed") failed.push(o);
          }
          done += outcomes.length;
        }
        if (failed.length > 0) {
          process.stderr.write(`claim-check: ${failed.length} of ${done} messages were not processed\n`);
          process.exitCode = EXIT_FAILED_MESSAGES;
        }
      },
    );
  return program;
}

/** Runs the command line; errors are printed on one line and set exit code 1. */
export function main(argv: string[] = process.argv): Promise<void> {
  return buildCli()
    .parseAsync(argv)
    .then(() => undefined)
    .catch((error: Error) => {
      process.stderr.write(`claim-check: ${error.message}\n`);
      process.exitCode = 1;
    });
}

if (require.main === module) void main();
