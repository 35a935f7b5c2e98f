import Ajv from "ajv";
import schema from "./claim-message.schema.json";
import { MalformedClaimError } from "./errors";

export const CLAIM_SCHEMA_VERSION = "1.0";
export const CLAIM_MESSAGE_SCHEMA = schema;

export interface ClaimMetadata {
  /** Who sent the payload (a service name). */
  readonly submitted_by: string;
  /** When the claim was made, ISO 8601 in UTC. */
  readonly timestamp: string;
  readonly [key: string]: string;
}

interface Envelope {
  readonly schema_version: typeof CLAIM_SCHEMA_VERSION;
  readonly size: number;
  readonly sha256: string;
  readonly content_type: string;
  readonly metadata: ClaimMetadata;
}

/** A claim on a payload stored in S3 (the seed's s3_bucket / s3_key / metadata, plus integrity fields). */
export interface S3Claim extends Envelope {
  readonly s3_bucket: string;
  readonly s3_key: string;
  readonly version_id?: string;
}

/** A payload small enough to travel in the message. */
export interface InlineClaim extends Envelope {
  readonly inline: { readonly encoding: "base64"; readonly data: string };
}

export type ClaimMessage = S3Claim | InlineClaim;

export const isInline = (claim: ClaimMessage): claim is InlineClaim => "inline" in claim;

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Parses and validates an SQS message body; throws {@link MalformedClaimError} naming every problem. */
export function parseClaimMessage(body: string | undefined): ClaimMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? "");
  } catch (error) {
    throw new MalformedClaimError([`body is not JSON: ${(error as Error).message}`]);
  }
  if (!validate(parsed)) {
    throw new MalformedClaimError((validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`));
  }
  return parsed as unknown as ClaimMessage;
}
