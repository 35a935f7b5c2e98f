import { generateKeyPairSync } from "node:crypto";
import { setup as startSharedEmulator } from "./emulator-global";

/** jest's globalSetup: the shared emulator, then what the test workers inherit through the environment. */
export default async function setup(): Promise<void> {
  await startSharedEmulator();
  // One key for every local orders runtime the tests start (ORDERS_LOCAL_ISSUER_KEY): a new RSA key each was
  // about 0.1 CPU-s. Set after the emulator started, so its process does not get it. Tests of the issuer
  // itself make their own keys.
  process.env.ORDERS_LOCAL_ISSUER_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
}
