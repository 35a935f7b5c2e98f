import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface Emulator {
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the local S3/SQS emulator on 127.0.0.1 and a random port; no credentials, no network. */
export async function startEmulator(): Promise<Emulator> {
  const child = spawn(process.execPath, [join(__dirname, "emulator-process.mjs")], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(JSON.parse(line).endpoint));
    child.once("exit", (code) => reject(new Error(`emulator exited with code ${code} before it listened`)));
    child.once("error", reject);
  });
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
