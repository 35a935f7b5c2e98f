/** Base class of the client's errors, so callers can tell them from SDK errors. */
export class ClaimCheckError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The message body is not a valid claim (not JSON, or not the schema): it is never processed. */
export class MalformedClaimError extends ClaimCheckError {
  constructor(readonly problems: readonly string[]) {
    super(`malformed claim message: ${problems.join("; ")}`);
  }
}

/** The payload a claim points at is gone (expired, deleted, or never written). */
export class PayloadMissingError extends ClaimCheckError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`payload s3://${bucket}/${key} does not exist`, options);
  }
}

/** The payload read does not match the claim's size or SHA-256: it is never handed over as valid. */
export class ChecksumMismatchError extends ClaimCheckError {
  /**
   * @param stoppedEarly reading stopped at the first bytes past the claimed size: `actual.size` is where it
   * stopped, not the object's size (never learnt), so the message does not state it.
   */
  constructor(
    readonly expected: { size: number; sha256: string },
    readonly actual: { size: number; sha256: string },
    stoppedEarly = false,
  ) {
    super(
      `payload does not match its claim: expected ${expected.size} bytes with sha256 ${expected.sha256}, ` +
        (stoppedEarly
          ? `got more than the claimed ${expected.size} bytes (reading stopped there; sha256 not computed)`
          : `got ${actual.size} bytes with sha256 ${actual.sha256}`),
    );
  }
}

/**
 * The payload was uploaded but the claim could not be sent. Nothing points at the object, and the bucket's
 * expiry rule removes it; retry the whole send.
 */
export class ClaimSendError extends ClaimCheckError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    cause: unknown,
  ) {
    super(`payload s3://${bucket}/${key} was stored but its claim was not sent: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

/** A configuration value is missing or invalid. */
export class ClaimCheckConfigError extends ClaimCheckError {}

/** The claim names a bucket or key outside this consumer's payload prefix: it is never fetched or deleted. */
export class ClaimRefusedError extends ClaimCheckError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`claim on s3://${bucket}/${key} refused: ${reason}`);
  }
}

/** S3 answered 403 for the payload: a permission problem (key policy, bucket policy, IAM), not a missing object. */
export class PayloadAccessDeniedError extends ClaimCheckError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`access to payload s3://${bucket}/${key} was denied (HTTP 403): check the consumer's IAM, bucket and key policies`, options);
  }
}

/** Storing a payload failed; names the object and carries S3's own error. */
export class PayloadUploadError extends ClaimCheckError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    cause: unknown,
  ) {
    super(`upload of payload s3://${bucket}/${key} failed: ${describe(cause)}`, { cause });
  }
}

/** The claim the producer would send breaks the message schema; nothing was uploaded or sent. */
export class ClaimValidationError extends ClaimCheckError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid claim, nothing was sent:\n- ${problems.join("\n- ")}`);
  }
}

/** An error's name and message, e.g. "AccessDenied: Access Denied". */
const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name && error.name !== "Error" ? `${error.name}: ` : ""}${error.message}` : String(error);

/**
 * The message's visibility lapsed (or an extension failed) before it was deleted: another consumer may
 * hold it, so the delete is unconfirmed and the payload is kept for that delivery.
 */
export class LeaseLostError extends ClaimCheckError {
  constructor(
    readonly messageId: string,
    readonly reason: string,
  ) {
    super(`message ${messageId} was processed but its lease was lost (${reason}): it may be delivered again, so its payload was kept`);
  }
}
