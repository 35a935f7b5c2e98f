// jest's node environment, with two changes. cdktf's temporary folders are removed when each test file ends
// (./cdktf-outdirs.js). And stack traces captured on plain objects are not formatted:
// cdktf captures a full stack trace (no depth limit) on a plain object for every token it creates, to name
// the creation site should resolving the token fail later. jest formats every frame of every such trace
// through source maps: about a fifth of a synth test's CPU, for traces no test shows. As in the cdktf launcher
// (scripts/ts-run.cjs) and aws-cdk, they are kept only under CDK_DEBUG=true (then formatted, unmapped).
// Errors keep their mapped stacks.
const { appendFileSync } = require("node:fs");
const { procCpuSeconds } = require("../scripts/perf/proc-cpu.cjs");
const { TestEnvironment } = require("jest-environment-node");
const cdktfOutdirs = require("./cdktf-outdirs");

/** Where `npm run test:times` collects each test file's CPU time (unset otherwise). */
const CPU_LOG = process.env.CLAIM_CHECK_TEST_CPU_LOG;

/** CPU seconds of this worker and of its children that have ended (npm, tsc, terraform, Chromium...). */
function cpuSeconds() {
  const { user, system } = process.cpuUsage();
  return procCpuSeconds({ own: true, children: true }) ?? (user + system) / 1e6;
}

const KEEP_TOKEN_TRACES = ["true", "1"].includes(process.env.CDK_DEBUG ?? "");

class ClaimCheckTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    const plainObject = this.global.Object.prototype;
    // Node formats a stack with the prepareStackTrace of the realm the error was made in, else with this
    // (the main) realm's, which is jest's source-mapping formatter.
    const unmapped = (frames) => `Error\n${frames.map((frame) => `    at ${frame}`).join("\n")}`;
    this.global.Error.prepareStackTrace = (error, frames) => {
      if (Object.getPrototypeOf(error) === plainObject) return KEEP_TOKEN_TRACES ? unmapped(frames) : "";
      return typeof Error.prepareStackTrace === "function" ? Error.prepareStackTrace(error, frames) : unmapped(frames);
    };
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
