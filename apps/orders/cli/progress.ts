import { SingleBar } from "cli-progress";
import { CliIo } from "./output";

/** Upload progress: a bar on a terminal, else one line per quarter (logs and tests stay readable). */
export function uploadProgress(io: CliIo, total: number): { update(sent: number): void; stop(): void } {
  if (io.stderr.isTTY) {
    const bar = new SingleBar({ stream: io.stderr, format: "upload [{bar}] {percentage}% | {value}/{total} bytes", hideCursor: true });
    bar.start(total, 0);
    return { update: (sent) => bar.update(sent), stop: () => bar.stop() };
  }
  let lastQuarter = -1;
  return {
    update(sent) {
      const quarter = total === 0 ? 4 : Math.floor((sent / total) * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        io.stderr.write(`upload ${quarter * 25}% (${sent} of ${total} bytes)\n`);
      }
    },
    stop: () => undefined,
  };
}
