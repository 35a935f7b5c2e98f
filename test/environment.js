// jest's node environment, with three changes. cdktf's temporary folders are removed when each test file ends
// (./cdktf-outdirs.js). cdktf's token creation traces are not recorded unless CDK_DEBUG is set
// (scripts/token-traces.cjs), as in the synth launcher: jest formatted every frame of each through source maps.
// And for `npm run test:times`, each test file's CPU time is logged.
const { appendFileSync } = require("node:fs");
const { TestEnvironment } = require("jest-environment-node");
const { skipTokenTraces } = require("../scripts/token-traces.cjs");
const cdktfOutdirs = require("./cdktf-outdirs");

/** Where `npm run test:times` collects each test file's CPU time (unset otherwise). */
const CPU_LOG = process.env.CLAIM_CHECK_TEST_CPU_LOG;

/** CPU seconds of this worker and of its children that have ended (npm, tsc, terraform, Chromium...). */
function cpuSeconds() {
  const { procCpuSeconds } = require("../scripts/perf/proc-cpu.cjs"); // only when timing
  const fromProc = procCpuSeconds({ own: true, children: true });
  if (fromProc !== undefined) return fromProc;
  const { user, system } = process.cpuUsage(); // without /proc: this worker's own CPU only
  return (user + system) / 1e6;
}

class ClaimCheckTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    skipTokenTraces(this.global.Error);
  }

  async setup() {
    if (CPU_LOG) this.cpuAtStart = cpuSeconds();
    cdktfOutdirs.beginFile();
    return super.setup();
  }

  async teardown() {
    cdktfOutdirs.endFile();
    if (CPU_LOG) appendFileSync(CPU_LOG, `${JSON.stringify({ file: this.testPath, cpu: cpuSeconds() - this.cpuAtStart })}\n`);
    return super.teardown();
  }
}

module.exports = ClaimCheckTestEnvironment;
