import type { ErrorObject, ValidateFunction } from "ajv";
import schema from "./claim-message.schema.json";
import compiledValidator from "./claim-message.validator";
import { MalformedClaimError } from "./errors";

export const CLAIM_SCHEMA_VERSION = "1.0";
export const CLAIM_MESSAGE_SCHEMA = schema;

/** First element of the body written by the AWS SQS Extended Client libraries (Java, Python, Go). */
export const EXTENDED_CLIENT_POINTER_CLASS = "software.amazon.payloadoffloading.PayloadS3Pointer";
/** Message attribute in which the Extended Client libraries give the payload's size (and its legacy name). */
export const EXTENDED_PAYLOAD_SIZE_ATTRIBUTE = "ExtendedPayloadSize";
export const LEGACY_PAYLOAD_SIZE_ATTRIBUTE = "SQSLargePayloadSize";
/** Message attribute in which this client adds the SHA-256 to an Extended Client pointer (others ignore it). */
export const SHA256_ATTRIBUTE = "ClaimCheckSha256";
/** The message attributes a consumer asks SQS for. */
export const CLAIM_ATTRIBUTE_NAMES = [EXTENDED_PAYLOAD_SIZE_ATTRIBUTE, LEGACY_PAYLOAD_SIZE_ATTRIBUTE, SHA256_ATTRIBUTE];

export interface ClaimMetadata {
  /** Who sent the payload (a service name). */
  readonly submitted_by: string;
  /** When the claim was made, ISO 8601 in UTC. */
  readonly timestamp: string;
  readonly [key: string]: string;
}

/**
 * Integrity fields are always written by this producer, and required of inline claims; S3 claims from other
 * producers (the seed's minimal message, an Extended Client pointer) may lack them, and are then reported as
 * unverified.
 */
interface Envelope {
  readonly schema_version?: typeof CLAIM_SCHEMA_VERSION;
  readonly size?: number;
  readonly sha256?: string;
  readonly content_type?: string;
  /** Absent only in an Extended Client pointer. */
  readonly metadata?: ClaimMetadata;
}

/** A claim on a payload stored in S3 (the seed's s3_bucket / s3_key / metadata, plus integrity fields). */
export interface S3Claim extends Envelope {
  readonly s3_bucket: string;
  readonly s3_key: string;
  readonly version_id?: string;
}

/** A payload small enough to travel in the message, always with its size and SHA-256 (the schema requires them). */
export interface InlineClaim extends Envelope {
  readonly inline: { readonly encoding: "base64"; readonly data: string };
  readonly size: number;
  readonly sha256: string;
}

export type ClaimMessage = S3Claim | InlineClaim;

/** Which wire format a message used. */
export type ClaimFormat = "claim-check" | "seed" | "extended-client";

/** What the consumer can check: size and SHA-256, size only, or nothing (reported, never hidden). */
export type Verification = "size+sha256" | "size" | "none";

export const isInline = (claim: ClaimMessage): claim is InlineClaim => "inline" in claim;

export const verificationOf = (claim: ClaimMessage): Verification =>
  claim.size !== undefined && claim.sha256 !== undefined ? "size+sha256" : claim.size !== undefined ? "size" : "none";

/** The schema compiled ahead of time (tools/claim-validator): no process compiles it as it starts. */
const validate = compiledValidator as ValidateFunction<ClaimMessage>;

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const valueAt = (root: unknown, pointer: string): unknown =>
  pointer
    .split("/")
    .slice(1)
    .reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === "object"
          ? (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")]
          : undefined,
      root,
    );

/** Sentences for the schema's rules whose ajv message would only quote a regular expression. */
const RULES: Readonly<Record<string, string>> = {
  "#/properties/inline/properties/data/pattern":
    "must be base64: the RFC 4648 alphabet (A-Z a-z 0-9 + /) in groups of 4 characters, the last padded with =, no whitespace",
};

/** One ajv error as a sentence naming the field and, where there is one, the bad value. */
function sentence(e: ErrorObject, claim: unknown): string {
  if (e.keyword === "additionalProperties")
    return `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty} is not a field of a claim`;
  if (e.keyword === "dependencies") {
    // ajv reports each missing field with the same message: one sentence names them all.
    const { property, deps } = e.params as { property: string; deps: string };
    const missing = deps.split(", ").filter((field) => (claim as Record<string, unknown>)[field] === undefined);
    return `an ${property} claim must carry ${deps.replace(", ", " and ")} (missing: ${missing.join(", ")})`;
  }
  const value = e.keyword === "required" ? "" : ` (got ${shown(valueAt(claim, e.instancePath))})`;
  return `${e.instancePath || "/"} ${RULES[e.schemaPath] ?? e.message}${value}`;
}

/**
 * Every schema problem once, each naming the field and the bad value. The schema's `oneOf` (S3 claim or
 * inline payload) becomes one sentence instead of ajv's list of failed branches.
 */
export function schemaProblems(claim: unknown): string[] {
  if (validate(claim)) return [];
  const errors = (validate.errors ?? []) as ErrorObject[];
  const problems = errors.filter((e) => !e.schemaPath.startsWith("#/oneOf")).map((e) => sentence(e, claim));
  if (errors.some((e) => e.schemaPath.startsWith("#/oneOf")) && claim !== null && typeof claim === "object") {
    const has = (name: string) => name in (claim as object);
    problems.push(
      has("inline") && (has("s3_bucket") || has("s3_key") || has("version_id"))
        ? "a claim carries either s3_bucket and s3_key (a payload in S3) or inline (a payload in the message), not both"
        : "a claim needs s3_bucket and s3_key (a payload in S3) or inline (a payload in the message)",
    );
  }
  return [...new Set(problems)];
}

/** An Extended Client pointer: `["software.amazon.payloadoffloading.PayloadS3Pointer", {"s3BucketName", "s3Key"}]`. */
function fromExtendedPointer(body: unknown[], attributes: MessageAttributes): S3Claim {
  const pointer = body[1] as { s3BucketName?: unknown; s3Key?: unknown } | undefined;
  const problems: string[] = [];
  if (body.length !== 2 || pointer === null || typeof pointer !== "object")
    problems.push(`an Extended Client pointer is [class, {s3BucketName, s3Key}], got ${shown(body)}`);
  else {
    if (typeof pointer.s3BucketName !== "string" || pointer.s3BucketName === "")
      problems.push(`s3BucketName must be a non-empty string (got ${shown(pointer.s3BucketName)})`);
    if (typeof pointer.s3Key !== "string" || pointer.s3Key === "")
      problems.push(`s3Key must be a non-empty string (got ${shown(pointer.s3Key)})`);
  }
  const sizeText = attributes[EXTENDED_PAYLOAD_SIZE_ATTRIBUTE]?.StringValue ?? attributes[LEGACY_PAYLOAD_SIZE_ATTRIBUTE]?.StringValue;
  const size = sizeText === undefined ? undefined : Number(sizeText);
  if (size !== undefined && (!Number.isInteger(size) || size < 0))
    problems.push(`${EXTENDED_PAYLOAD_SIZE_ATTRIBUTE} must be a non-negative integer (got ${shown(sizeText)})`);
  const sha256 = attributes[SHA256_ATTRIBUTE]?.StringValue;
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256))
    problems.push(`${SHA256_ATTRIBUTE} must be a hex SHA-256 (got ${shown(sha256)})`);
  if (problems.length > 0) throw new MalformedClaimError(problems);
  return {
    s3_bucket: pointer!.s3BucketName as string,
    s3_key: pointer!.s3Key as string,
    ...(size !== undefined ? { size } : {}),
    ...(sha256 !== undefined ? { sha256 } : {}),
  };
}

/** SQS message attributes, as ReceiveMessage returns them. */
export type MessageAttributes = Record<string, { readonly StringValue?: string; readonly DataType?: string } | undefined>;

/** Parses a message body in any supported format; throws {@link MalformedClaimError} with one readable reason per problem. */
export function readClaimMessage(
  body: string | undefined,
  attributes: MessageAttributes = {},
): { claim: ClaimMessage; format: ClaimFormat } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? "");
  } catch (error) {
    throw new MalformedClaimError([`body is not JSON: ${(error as Error).message}`]);
  }
  if (Array.isArray(parsed) && parsed[0] === EXTENDED_CLIENT_POINTER_CLASS)
    return { claim: fromExtendedPointer(parsed, attributes), format: "extended-client" };
  const problems = schemaProblems(parsed);
  if (problems.length > 0) throw new MalformedClaimError(problems);
  const claim = parsed as ClaimMessage;
  return { claim, format: claim.schema_version === undefined ? "seed" : "claim-check" };
}

/** Parses and validates an SQS message body; throws {@link MalformedClaimError} naming every problem. */
export function parseClaimMessage(body: string | undefined, attributes: MessageAttributes = {}): ClaimMessage {
  return readClaimMessage(body, attributes).claim;
}
