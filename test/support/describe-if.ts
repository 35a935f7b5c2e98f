/**
 * A describe block for tests that need something this machine may lack (the terraform CLI, Chromium,
 * Python's boto3). `missing` says what is missing, or is undefined when all is there. Where something is
 * missing, the block's body is never run (a skipped describe's body still runs in jest, and harness work
 * there would throw); one skipped test, titled with the reason, stands in for it; the reason is printed
 * and returned.
 */
export function describeIf(name: string, missing: string | undefined, body: () => void): string | undefined {
  if (missing === undefined) {
    describe(name, body);
    return undefined;
  }
  const reason = `skipping "${name}": ${missing}`;
  console.warn(reason);
  describe(name, () => {
    test.skip(reason, () => undefined);
  });
  return reason;
}
