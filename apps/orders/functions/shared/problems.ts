/** One thing wrong with a request, named by its field path (e.g. `items[0].quantity`). */
export interface Problem {
  readonly field: string;
  readonly message: string;
}

/** Input was rejected: carries every problem found, not just the first. */
export class ValidationError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly statusCode = 400,
  ) {
    super(summarize(problems));
    this.name = "ValidationError";
  }
}

export function summarize(problems: readonly Problem[]): string {
  if (problems.length === 1) return `Invalid request: ${problems[0].field} ${problems[0].message}.`;
  return `Invalid request (${problems.length} problems): ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}.`;
}

export const show = (value: unknown): string => {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};
