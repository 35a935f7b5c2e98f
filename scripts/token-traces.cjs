// cdktf (and constructs) record a complete stack trace for every token they create, and for each piece of
// construct metadata (annotations: the "stacktrace" of a warning in cdktf.out's manifest.json):
// Error.captureStackTrace on a plain object, with Error.stackTraceLimit raised to Number.MAX_SAFE_INTEGER.
// A token's trace is shown only if that token later fails to resolve. Like aws-cdk, which records such traces only under CDK_DEBUG=true, they
// are not recorded unless CDK_DEBUG is set: walking the whole stack for each of thousands of tokens was about
// 5 % of a synth, and formatting the frames (jest maps each through source maps) a fifth of a synth test.
// One home for the rule: the synth launcher (scripts/ts-run.cjs) and the jest environment (test/environment.js).

/** Whether these traces are recorded: CDK_DEBUG set to true, 1 or on, in any case, as aws-cdk reads it. */
const KEEP_TOKEN_TRACES = ["true", "1", "on"].includes((process.env.CDK_DEBUG ?? "").toLowerCase());

/** A plain object of any realm: its prototype is an Object.prototype, whose own prototype is null. */
function isPlainObject(value) {
  const prototype = value !== null && typeof value === "object" ? Object.getPrototypeOf(value) : null;
  return prototype !== null && Object.getPrototypeOf(prototype) === null;
}

/**
 * Makes one realm's `Error.captureStackTrace` leave token creation traces unrecorded (the object keeps the
 * empty `stack` cdktf gives it, so its creation stack is []), unless CDK_DEBUG is set. Every other capture,
 * including a plain object's with the usual depth, is Node's own.
 */
function skipTokenTraces(realmError) {
  if (KEEP_TOKEN_TRACES) return;
  const capture = realmError.captureStackTrace;
  realmError.captureStackTrace = function captureStackTrace(target, below) {
    if (realmError.stackTraceLimit === Number.MAX_SAFE_INTEGER && isPlainObject(target)) return;
    capture(target, below ?? captureStackTrace);
  };
}

module.exports = { KEEP_TOKEN_TRACES, skipTokenTraces };
