// cdktf's Testing makes a temporary folder (<os temp>/cdktf.outdir.XXXXXX) for every app and every synth and
// never removes it: about 750 per run of the suite, left in the OS temp folder for good. While a test file
// runs, those folders are made inside one folder of the file's own, removed when the file ends.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const PREFIX = "cdktf.outdir.";
const mkdtempSync = fs.mkdtempSync;
/** The folder of the test file running in this worker (a worker runs one file at a time). */
let current;

function redirected(prefix, options) {
  const cdktfOutdir = typeof prefix === "string" && path.basename(prefix) === PREFIX && path.dirname(prefix) === os.tmpdir();
  return mkdtempSync.call(fs, cdktfOutdir && current ? path.join(current, PREFIX) : prefix, options);
}

/** From now until {@link endFile}, cdktf's temporary folders go into a folder that endFile removes. */
function beginFile() {
  if (fs.mkdtempSync !== redirected) fs.mkdtempSync = redirected;
  current = mkdtempSync.call(fs, path.join(os.tmpdir(), "claim-check-cdktf-"));
}

function endFile() {
  if (current) fs.rmSync(current, { recursive: true, force: true });
  current = undefined;
}

module.exports = { beginFile, endFile };
