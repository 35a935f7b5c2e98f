/**
 * The payload-lifetime invariant: no claim message may outlive the payload it points at.
 *
 * A claim can live, at most:
 * - standard queues: max(main, DLQ retention), because a message keeps its original enqueue time
 *   when it moves to the DLQ;
 * - FIFO queues: main + DLQ retention, because the enqueue time resets on the move;
 * plus one redrive from the DLQ back to the main queue (a redriven message is new and gets the main
 * queue's retention again), plus the delivery delay, plus a one-day margin for the time between the
 * upload and the send. S3 rounds expiry up to the next midnight UTC, which only lengthens a payload's life.
 */
export const PAYLOAD_LIFETIME_MARGIN_SECONDS = 86_400;
const SECONDS_PER_DAY = 86_400;

export interface PayloadLifetimeInputs {
  readonly messageRetentionSeconds: number;
  readonly dlqMessageRetentionSeconds: number;
  readonly delaySeconds: number;
  readonly fifo: boolean;
}

/** Seconds a payload must stay readable after it is written. */
export function requiredPayloadLifetimeSeconds(inputs: PayloadLifetimeInputs): number {
  const { messageRetentionSeconds: main, dlqMessageRetentionSeconds: dlq, delaySeconds, fifo } = inputs;
  const longestClaimAge = fifo ? main + dlq : Math.max(main, dlq);
  const oneRedrive = main;
  return delaySeconds + longestClaimAge + oneRedrive + PAYLOAD_LIFETIME_MARGIN_SECONDS;
}

/** The smallest whole number of expiry days that satisfies the invariant. */
export function minimumPayloadExpirationDays(inputs: PayloadLifetimeInputs): number {
  return Math.ceil(requiredPayloadLifetimeSeconds(inputs) / SECONDS_PER_DAY);
}
