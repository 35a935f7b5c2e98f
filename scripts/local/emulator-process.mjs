// The S3/SQS emulator (fauxqs, ESM-only) in its own process, bound to loopback on a random port.
// Prints {"endpoint": ...} once listening; exits when its parent closes stdin or sends SIGTERM.
import { startFauxqs } from "fauxqs";

const server = await startFauxqs({ port: 0, host: "127.0.0.1", logger: false });
process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${server.port}` })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
