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

/** The readable reason of a caught error (Lambda errors carry a JSON cause with errorMessage). */
export function reasonOf(error: CaughtError | undefined): string {
  if (!error) return "unknown error";
  try {
    const cause = JSON.parse(error.Cause ?? "") as { errorMessage?: string };
    if (cause.errorMessage) return `${error.Error}: ${cause.errorMessage}`;
  } catch {
    // not JSON: the cause is the message itself
  }
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
