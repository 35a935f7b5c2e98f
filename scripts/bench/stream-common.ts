// Shared by the benchmark's 1 GiB child processes (each bundled with esbuild and run as plain JS).
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { LocalClaimCheck } from "../local/local-claim-check";

export const STREAM_BYTES = Number(process.env.BENCH_STREAM_BYTES ?? 1024 * 1024 * 1024);
export const RAW_KEY = "raw/stream-1gib";

/** Peak resident set size of this process, in bytes: the kernel's high-water mark (VmHWM), not a sample. */
export const vmHwm = (): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))![1]) * 1024;

export async function drain(stream: Readable): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).length;
  return n;
}

/** Runs one side ("up", "down" or "idle") and prints what it measured, with the process's peak RSS. */
export function runChild(sides: Record<"up" | "down", (local: LocalClaimCheck) => Promise<number>>): void {
  const [side, localJson] = process.argv.slice(2) as ["up" | "down" | "idle", string];
  const started = Date.now();
  (side === "idle" ? Promise.resolve(0) : sides[side](JSON.parse(localJson)))
    .then((bytes) => process.stdout.write(JSON.stringify({ side, bytes, ms: Date.now() - started, peak: vmHwm() })))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
