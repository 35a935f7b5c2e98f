import { ClaimMessage } from "../../../../client";

/** The execution input: the claim and ids only, never the order document (state data is capped at 256 KiB). */
export interface ExecutionInput {
  readonly orderId: string;
  readonly messageId: string;
  readonly requestId: string;
  readonly claim: ClaimMessage;
}

/** A caught Step Functions error, as Catch puts it at ResultPath. */
export interface CaughtError {
  readonly Error: string;
  readonly Cause?: string;
}

/** The errorMessage of a Lambda error's JSON cause (which also carries a trace, never used); undefined otherwise. */
export function causeMessage(error: CaughtError): string | undefined {
  try {
    const cause = JSON.parse(error.Cause ?? "") as { errorMessage?: unknown };
    return typeof cause.errorMessage === "string" ? cause.errorMessage : undefined;
  } catch {
    return undefined; // not JSON: the cause is the message itself
  }
}

/** The readable reason of a caught error (Lambda errors carry a JSON cause with errorMessage). */
export function reasonOf(error: CaughtError | undefined): string {
  if (!error) return "unknown error";
  const message = causeMessage(error);
  if (message) return `${error.Error}: ${message}`;
  return error.Cause ? `${error.Error}: ${error.Cause}` : error.Error;
}

/** The deterministic execution ARN of a claim: execution name = SQS message id. */
export const executionArnFor = (stateMachineArn: string, messageId: string): string =>
  `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${messageId}`;

export class PaymentDeclined extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PaymentDeclined";
  }
}

export class PaymentGatewayTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PaymentGatewayTimeout";
  }
}

/** The claim is not one this app issued (foreign bucket, key outside the prefix, no size/sha256): never read nor deleted. */
export class ClaimRefused extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`claim refused: ${problems.join("; ")}`);
    this.name = "ClaimRefused";
  }
}

export class InvalidOrderDocument extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidOrderDocument";
  }
}

/** The order event the workflow publishes to SNS (and the webhook dispatcher delivers). */
export interface OrderEvent {
  readonly orderId: string;
  readonly messageId: string;
  readonly status: string;
}
