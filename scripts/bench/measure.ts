/** Small statistics helpers for the benchmark. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Runs `total` jobs on `workers` concurrent workers; returns the wall time in ms. */
export async function runConcurrently(total: number, workers: number, job: (i: number) => Promise<void>): Promise<{ wallMs: number }> {
  let next = 0;
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < total) await job(next++);
      }),
    ),
  );
  return { wallMs: ms };
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median with min and max of a set of measurements. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** `items` rotated left by `by`: round r runs the scenarios in a different order, so no one always goes first. */
export const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]);
