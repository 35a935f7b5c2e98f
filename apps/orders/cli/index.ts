#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ApiError } from "../web/src/client/api";
import { Connection, ConnectionOptions } from "./connection";
import { createOrder } from "./create";
import { CliError, CliIo, exitCodeFor, EXIT } from "./output";
import { watchOrder } from "./watch";

const positiveSeconds = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`must be a number of seconds above 0, but "${value}" was given`);
  return n;
};

const idempotencyKey = (value: string) => {
  if (value.length < 1 || value.length > 255) throw new InvalidArgumentError(`must be 1 to 255 characters, but ${value.length} were given`);
  return value;
};

/** Builds the `orders` program; `exit` receives the exit code each command decides. */
function buildProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command("orders")
    .description("Create orders, read them and watch their status live, against the orders API")
    .option("--api <url>", "the API URL (default: ORDERS_API_URL)")
    .option("--ws <url>", "the WebSocket API URL (default: ORDERS_WS_URL, else the API's /config.json)")
    .option("--token <jwt>", "a bearer token (default: ORDERS_TOKEN, else the local issuer of `npm run orders:local`)")
    .option("--user <name>", "who the local issuer signs in", "demo-user")
    .addHelpText(
      "after",
      "\nExit codes: 0 COMPLETED (or success), 1 bad input or API error, 2 PAYMENT_DECLINED, 3 FAILED, 4 watch timed out.",
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  const connection = () => new Connection(program.opts<ConnectionOptions>(), io);
  const timeout = new Option("--timeout <seconds>", "give up watching after this long").argParser(positiveSeconds).default(300);

  program
    .command("create")
    .description("create an order from a JSON file (files over 64 KiB are uploaded through a presigned URL)")
    .requiredOption("-f, --file <order.json>", "the order: { items: [{ sku, quantity, unitPriceCents }], customerName?, note?, simulate? }")
    .option("-w, --watch", "then print its status events until a final status, which sets the exit code")
    .option("--upload", "upload through a presigned URL even when the file is small")
    .option("--idempotency-key <key>", "send this Idempotency-Key (default: a random UUID)", idempotencyKey)
    .addOption(timeout)
    .action(async (options: { file: string; watch?: boolean; upload?: boolean; idempotencyKey?: string; timeout: number }) => {
      const conn = connection();
      const created = await createOrder(conn, options, io);
      io.stdout.write(
        `order ${created.orderId} created (message ${created.messageId}), status ${created.status}${created.replayed ? " (replayed)" : ""}\n`,
      );
      if (options.watch) exit(exitCodeFor(await watchOrder(conn, { messageId: created.messageId }, io, options.timeout)));
    });

  program
    .command("get")
    .description("print an order, its status and its history as JSON")
    .argument("<orderId>", "the order id `orders create` printed")
    .action(async (orderId: string) => {
      const order = await (await connection().api()).getOrder(orderId);
      io.stdout.write(`${JSON.stringify(order, null, 2)}\n`);
    });

  program
    .command("watch")
    .description("print an order's status events as they arrive; the final status sets the exit code")
    .argument("<messageId>", "the message id `orders create` printed")
    .addOption(timeout)
    .action(async (messageId: string, options: { timeout: number }) => {
      const conn = connection();
      await conn.api(); // signs in (local issuer) before the WebSocket needs the token
      exit(exitCodeFor(await watchOrder(conn, { messageId }, io, options.timeout)));
    });
  return program;
}

/** Runs the CLI with arguments (without "node script") and returns its exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.COMPLETED;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...args], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT.ERROR; // commander already printed it
    if (error instanceof CliError) {
      io.stderr.write(`orders: ${[error.message, ...error.details.map((d) => `  - ${d}`)].join("\n")}\n`);
      return error.exitCode;
    }
    if (error instanceof ApiError) {
      io.stderr.write(`orders: ${[error.message, ...error.problems.map((p) => `  - ${p.field}: ${p.message}`)].join("\n")}\n`);
      return EXIT.ERROR;
    }
    io.stderr.write(`orders: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.ERROR;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
