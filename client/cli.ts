#!/usr/bin/env node
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { createWriteStream, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { AwsConnection, configFromFile } from "./config";
import { ClaimCheckConsumer } from "./consumer";
import { fromFile } from "./payload-source";
import { ClaimCheckProducer } from "./producer";

interface Common {
  config: string;
  endpoint?: string;
  region?: string;
}

const connection = (options: Common): AwsConnection => ({
  endpoint: options.endpoint,
  region: options.region,
  // An emulator accepts any credentials; real AWS uses the default provider chain.
  credentials: options.endpoint ? { accessKeyId: "local", secretAccessKey: "local" } : undefined,
});

const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`must be a positive integer, but "${value}" was given`);
  return n;
};

export function buildCli(): Command {
  const program = new Command("claim-check")
    .description("Send and receive payloads through a claim-check bucket and queue")
    .requiredOption("-c, --config <file>", "the module's outputs, from `terraform output -json > outputs.json`")
    .option("--endpoint <url>", "S3/SQS endpoint (an emulator); default: AWS")
    .option("--region <region>", "AWS region; default: AWS_REGION");

  program
    .command("send")
    .description("store a file's payload and send its claim; prints the claim")
    .argument("<file>", "the payload file ('-' reads standard input)")
    .option("-t, --content-type <type>", "payload content type", "application/octet-stream")
    .option("--submitted-by <name>", "metadata.submitted_by", process.env.USER ?? "claim-check-cli")
    .option("--always-offload", "send through S3 even when the payload is small")
    .action(async (file: string, options: { contentType: string; submittedBy: string; alwaysOffload?: boolean }) => {
      const common = program.opts<Common>();
      const producer = new ClaimCheckProducer({
        ...connection(common),
        config: configFromFile(common.config),
        submittedBy: options.submittedBy,
        alwaysOffload: options.alwaysOffload,
      });
      const size = file === "-" ? undefined : statSync(file).size;
      const bar = size !== undefined && size > 10 * 1024 * 1024 && process.stderr.isTTY ? new SingleBar({ format: "upload [{bar}] {percentage}% {value}/{total} bytes" }) : undefined;
      bar?.start(size!, 0);
      const result = await producer.send(file === "-" ? process.stdin : fromFile(file), {
        contentType: options.contentType,
        onProgress: (p) => bar?.update(p.loaded),
      });
      bar?.stop();
      process.stdout.write(`${JSON.stringify({ messageId: result.messageId, claim: result.claim }, null, 2)}\n`);
    });

  program
    .command("receive")
    .description("receive claims, write each verified payload to a folder, delete the messages")
    .option("-o, --out <dir>", "folder for the payloads", ".")
    .option("-n, --max <count>", "stop after this many messages", positiveInteger, 1)
    .option("--wait <seconds>", "long-poll wait", positiveInteger, 20)
    .option("--delete-payloads", "delete each payload after its message (cleanup mode delete)")
    .action(async (options: { out: string; max: number; wait: number; deletePayloads?: boolean }) => {
      const common = program.opts<Common>();
      mkdirSync(options.out, { recursive: true });
      const consumer = new ClaimCheckConsumer({
        ...connection(common),
        config: configFromFile(common.config),
        cleanup: options.deletePayloads ? "delete" : "none",
        maxMessages: Math.min(options.max, 10),
      });
      let done = 0;
      while (done < options.max) {
        const outcomes = await consumer.poll(async (claim) => {
          const path = join(options.out, claim.messageId);
          await pipeline(await claim.stream(), createWriteStream(path));
          writeFileSync(`${path}.claim.json`, JSON.stringify(claim.claim, null, 2));
        }, options.wait);
        if (outcomes.length === 0) break;
        for (const o of outcomes) process.stdout.write(`${JSON.stringify({ messageId: o.messageId, status: o.status, error: o.error?.message })}\n`);
        done += outcomes.length;
      }
    });
  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      process.stderr.write(`claim-check: ${error.message}\n`);
      process.exitCode = 1;
    });
}
