import { Writable } from "node:stream";

/** Where the CLI writes; tests pass buffers, the binary passes process.stdout/stderr. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** A user-facing failure: printed as one sentence (plus problems), exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Exit codes: the final status decides; 1 is bad input or an API error; 4 a watch that timed out. */
export const EXIT = { COMPLETED: 0, ERROR: 1, PAYMENT_DECLINED: 2, FAILED: 3, TIMEOUT: 4 } as const;

export function exitCodeFor(status: string): number {
  if (status === "COMPLETED") return EXIT.COMPLETED;
  if (status === "PAYMENT_DECLINED") return EXIT.PAYMENT_DECLINED;
  return EXIT.FAILED;
}

export const clock = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(11, 23);
};
