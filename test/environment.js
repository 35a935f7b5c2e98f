// jest's node environment, with one change: stack traces captured on plain objects skip source mapping.
// cdktf captures a full stack trace (no depth limit) on a plain object for every token it creates, to name
// the creation site should resolving the token fail later. jest maps every frame of every such trace through
// source maps: about a fifth of a synth test's CPU, for traces no test shows. Errors keep their mapped stacks.
const { TestEnvironment } = require("jest-environment-node");

class ClaimCheckTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const plainObject = this.global.Object.prototype;
    // Node formats a stack with the prepareStackTrace of the realm the error was made in, else with this
    // (the main) realm's, which is jest's source-mapping formatter.
    this.global.Error.prepareStackTrace = (error, frames) =>
      Object.getPrototypeOf(error) === plainObject || typeof Error.prepareStackTrace !== "function"
        ? `Error\n${frames.map((frame) => `    at ${frame}`).join("\n")}`
        : Error.prepareStackTrace(error, frames);
  }
}

module.exports = ClaimCheckTestEnvironment;
