import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** The local orders runtime (startOrdersLocal) in a child process, as the browser and CLI tests use it. */
export interface LocalRuntime {
  readonly url: string;
  readonly wsUrl: string;
  /** A token of the local issuer for a subject, through POST /_local/token. */
  token(sub: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: { webDir?: string } = {}): Promise<LocalRuntime> {
  const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), join(__dirname, "local-server.ts")], {
    cwd: join(__dirname, "..", "..", ".."),
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...(options.webDir ? { ORDERS_WEB_DIR: options.webDir } : {}) },
  });
  const { url, wsUrl } = await new Promise<{ url: string; wsUrl: string }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`the local orders runtime exited with code ${code} before it listened`)));
    child.once("error", reject);
  });
  return {
    url,
    wsUrl,
    token: async (sub) => {
      const response = await fetch(`${url}/_local/token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sub }),
      });
      return ((await response.json()) as { token: string }).token;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
