// Jest globalSetup/globalTeardown: one S3/SQS emulator for every client test file, instead of one per file.
// Its endpoint reaches the test workers through CLAIM_CHECK_EMULATOR_ENDPOINT; each test still creates its
// own uniquely named bucket and queues, so files running in parallel never share state.
import { Emulator, startEmulator } from "../../scripts/local/emulator";

export const ENDPOINT_VARIABLE = "CLAIM_CHECK_EMULATOR_ENDPOINT";
const HOLDER = "__claimCheckEmulator";

export async function setup(): Promise<void> {
  if (process.env[ENDPOINT_VARIABLE]) return; // an emulator given from outside is used as is
  const emulator = await startEmulator();
  (globalThis as Record<string, unknown>)[HOLDER] = emulator;
  process.env[ENDPOINT_VARIABLE] = emulator.endpoint;
}

export async function teardown(): Promise<void> {
  const emulator = (globalThis as Record<string, unknown>)[HOLDER] as Emulator | undefined;
  if (!emulator) return;
  delete process.env[ENDPOINT_VARIABLE];
  await emulator.stop();
}
