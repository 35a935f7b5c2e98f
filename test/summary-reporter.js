/**
 * Prints one plain closing line, "N passed, N failed, N skipped", after jest's own summary, so any
 * CI can read the result without knowing jest's format. A test file that fails to run (it throws at
 * load) has no failed test of its own, so it counts as one failure and is named in the line:
 * otherwise a broken suite would read as "0 failed".
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    // numRuntimeErrorTestSuites: jest's own count of test files that threw before any test ran.
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numRuntimeErrorTestSuites: failedToRun } = results;
    const note = failedToRun === 0 ? "" : ` (${failedToRun} test file${failedToRun === 1 ? "" : "s"} failed to run)`;
    this.line = `${numPassedTests} passed, ${numFailedTests + failedToRun} failed, ${numPendingTests + numTodoTests} skipped${note}`;
  }

  // Jest adds its own summary reporter after every custom one, then asks each reporter for errors:
  // the first moment at which this line comes last.
  getLastError() {
    if (this.line) {
      process.stderr.write(`${this.line}\n`);
      this.line = undefined;
    }
    return undefined;
  }
}

module.exports = SummaryReporter;
