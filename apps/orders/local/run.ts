import { startOrdersLocal } from "./index";

/** `npm run orders:local`: the whole application on loopback until Ctrl-C. Options: --port <n>, --anonymous, --log <level>. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const local = await startOrdersLocal({
    port: Number(value("--port") ?? process.env.ORDERS_LOCAL_PORT ?? 0),
    allowAnonymous: args.includes("--anonymous"),
    logLevel: (value("--log") as "INFO" | undefined) ?? "WARN",
    retryIntervalMs: 300,
  });
  console.log(`orders application running locally (Ctrl-C to stop)
  web page + HTTP API  ${local.url}
  WebSocket            ${local.wsUrl}?token=<JWT>
  config               ${local.url}/config.json
  local token          POST ${local.url}/_local/token {"sub":"alice"}
  webhook deliveries   ${local.url}/_local/webhooks
  emulator (S3/SQS/SNS) ${local.resources.emulatorEndpoint}
  bucket ${local.resources.bucketName}, claim queue ${local.resources.queueUrl}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping...");
    await local.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  // One line for what to fix (a bad ORDERS_LOCAL_ISSUER_KEY, a port in use); the stack under DEBUG.
  console.error(`orders:local failed: ${process.env.DEBUG ? (error.stack ?? error.message) : error.message}`);
  process.exit(1);
});
