/**
 * Prints one plain closing line, "N passed, N failed, N skipped", after jest's own summary, so any
 * CI can read the result without knowing jest's format.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    this.line = `${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`;
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
