/**
 * Thrown when construct props are invalid. The message lists every problem at once, one per line,
 * each naming the field and the value it got.
 */
export class ClaimCheckValidationError extends Error {
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`ClaimCheck initialization failed due to the following validation error(s):\n` + problems.map((p) => `- ${p}`).join("\n"));
    this.name = "ClaimCheckValidationError";
    this.problems = problems;
  }
}
