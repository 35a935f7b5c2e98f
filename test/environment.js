// jest's node environment, with one change: stack traces captured on plain objects are not formatted.
// cdktf captures a full stack trace (no depth limit) on a plain object for every token it creates, to name
// the creation site should resolving the token fail later. jest formats every frame of every such trace
// through source maps: about a fifth of a synth test's CPU, for traces no test shows. As in the cdktf launcher
// (scripts/ts-run.cjs) and aws-cdk, they are kept only under CDK_DEBUG=true (then formatted, unmapped).
// Errors keep their mapped stacks.
const { TestEnvironment } = require("jest-environment-node");

const KEEP_TOKEN_TRACES = ["true", "1"].includes(process.env.CDK_DEBUG ?? "");

class ClaimCheckTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const plainObject = this.global.Object.prototype;
    // Node formats a stack with the prepareStackTrace of the realm the error was made in, else with this
    // (the main) realm's, which is jest's source-mapping formatter.
    const unmapped = (frames) => `Error\n${frames.map((frame) => `    at ${frame}`).join("\n")}`;
    this.global.Error.prepareStackTrace = (error, frames) => {
      if (Object.getPrototypeOf(error) === plainObject) return KEEP_TOKEN_TRACES ? unmapped(frames) : "";
      return typeof Error.prepareStackTrace === "function" ? Error.prepareStackTrace(error, frames) : unmapped(frames);
    };
  }
}

module.exports = ClaimCheckTestEnvironment;
