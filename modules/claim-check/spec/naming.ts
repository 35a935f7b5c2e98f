/**
 * Resource names derived from the construct's `name`: one place for the construct, the Registry module
 * (which passes HCL interpolations as the parts) and the local emulator setup.
 */
export const FIFO_SUFFIX = ".fifo";

/** A queue name, with the suffix SQS requires of FIFO queues. */
export const queueName = (base: string, fifo: boolean): string => (fifo ? `${base}${FIFO_SUFFIX}` : base);

export const claimQueueBaseName = (name: string): string => `${name}-claims`;
export const deadLetterQueueBaseName = (name: string): string => `${name}-claims-dlq`;

/** Unique across AWS: bucket names are global, so the account and region are part of it. */
export const defaultBucketName = (name: string, accountId: string, region: string): string => `${name}-payloads-${accountId}-${region}`;
