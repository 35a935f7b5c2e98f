import { startOrdersLocal } from "../../../apps/orders/local";

/**
 * Child-process entry: starts the real local runtime (startOrdersLocal) and prints its URLs as one JSON
 * line. It runs outside jest because the runtime's JWT library (jose) is ESM-only, which jest's CommonJS
 * module loader cannot require on Node 20 (plain Node can).
 */
async function main(): Promise<void> {
  const local = await startOrdersLocal({ webDir: process.env.ORDERS_WEB_DIR, logLevel: "ERROR" });
  process.stdout.write(`${JSON.stringify({ url: local.url, wsUrl: local.wsUrl })}\n`);
  const stop = () => void local.stop().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop); // the parent died: do not linger
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
