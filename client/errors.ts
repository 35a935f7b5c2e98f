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
  constructor(readonly bucket: string, readonly key: string, options?: { cause?: unknown }) {
    super(`payload s3://${bucket}/${key} does not exist`, options);
  }
}

/** The payload read does not match the claim's size or SHA-256: it is never handed over as valid. */
export class ChecksumMismatchError extends ClaimCheckError {
  constructor(readonly expected: { size: number; sha256: string }, readonly actual: { size: number; sha256: string }) {
    super(
      `payload does not match its claim: expected ${expected.size} bytes with sha256 ${expected.sha256}, ` +
        `got ${actual.size} bytes with sha256 ${actual.sha256}`,
    );
  }
}

/**
 * The payload was uploaded but the claim could not be sent. Nothing points at the object, and the bucket's
 * expiry rule removes it; retry the whole send.
 */
export class ClaimSendError extends ClaimCheckError {
  constructor(readonly bucket: string, readonly key: string, cause: unknown) {
    super(`payload s3://${bucket}/${key} was stored but its claim was not sent: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

/** A configuration value is missing or invalid. */
export class ClaimCheckConfigError extends ClaimCheckError {}
