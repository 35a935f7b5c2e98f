import { CaughtError, causeMessage } from "./workflow-types";

const MAX_REASON = 240;

/** Fixed sentences for the errors the workflow expects: they say what happened without internal detail. */
const KNOWN_REASONS: Readonly<Record<string, string>> = {
  ChecksumMismatchError: "The order document does not match the size or SHA-256 it was sent with.",
  PayloadMissingError: "The order document was not found: it was deleted or expired before it was processed.",
  PayloadAccessDeniedError: "The order document could not be read by the order service.",
  ClaimRefusedError: "The order document is not stored where the order service keeps documents.",
  MalformedClaimError: "The order's message was malformed.",
  PaymentGatewayTimeout: "The payment gateway did not answer in time.",
  "States.Timeout": "Processing the order took too long.",
};

/** Errors the app raises itself with a message written for the customer: their first line is kept. */
const OWN_MESSAGES: Readonly<Record<string, string>> = {
  InvalidOrderDocument: "The order document is invalid",
  PaymentDeclined: "The payment was declined",
  // SaveOrder's refusal of a claim the app cannot have issued lists what was wrong with it (its own words).
  ClaimRefused: "The order's claim was refused",
};

/** The message of a caught error: its Lambda cause's errorMessage, or the cause itself. */
const messageOf = (error: CaughtError): string => causeMessage(error) ?? error.Cause ?? "";

/** One line, no stack frames, no control characters, capped. */
const oneSafeLine = (text: string): string =>
  text
    .split(/\r?\n/)[0]
    .replace(/\p{Cc}/gu, " ")
    .trim()
    .slice(0, MAX_REASON - 40);

/**
 * The reason a FAILED order shows its owner (GET, history, WebSocket push): a short, safe sentence. Unexpected
 * errors name only their type: their message may hold internals (paths, ARNs, other customers' data).
 */
export function publicReason(error: CaughtError | undefined): string {
  const name = error?.Error ?? "unknown";
  if (KNOWN_REASONS[name]) return KNOWN_REASONS[name];
  if (OWN_MESSAGES[name] && error) {
    const message = oneSafeLine(messageOf(error));
    return message ? `${OWN_MESSAGES[name]}: ${message}` : `${OWN_MESSAGES[name]}.`;
  }
  const safeName = /^[A-Za-z][\w.]{0,60}$/.test(name) ? name : "unknown";
  return `The order could not be processed because of an internal error (${safeName}).`;
}
