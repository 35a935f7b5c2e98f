import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { readFileSync } from "node:fs";
import { ClaimCheckConfigError } from "./errors";

/** Where the claim check lives: the module's outputs. */
export interface ClaimCheckConfig {
  readonly bucketName: string;
  /** Key prefix ending in "/", e.g. "payloads/". */
  readonly payloadPrefix: string;
  readonly queueUrl: string;
  /** Full ARN of the key: uploads ask S3 for SSE-KMS with exactly this key (the bucket policy demands it). */
  readonly kmsKeyArn: string;
  /** The queue's maximum message size, in bytes. */
  readonly maxMessageSize: number;
}

/** AWS connection settings; `endpoint` points the SDK at an emulator. */
export interface AwsConnection {
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

type TerraformOutputs = Record<string, { value: unknown } | unknown>;

/**
 * Reads the module's outputs, as printed by `terraform output -json` (or `cdktf output --outputs-file`):
 * bucket_name, payload_prefix, queue_url, kms_key_arn, max_message_size.
 */
export function configFromTerraformOutputs(outputs: TerraformOutputs): ClaimCheckConfig {
  const value = (name: string): unknown => {
    const entry = outputs[name];
    return entry !== null && typeof entry === "object" && "value" in (entry as object) ? (entry as { value: unknown }).value : entry;
  };
  const problems: string[] = [];
  const text = (name: string): string => {
    const v = value(name);
    if (typeof v !== "string" || v.length === 0) problems.push(`${name} must be a non-empty string, but ${JSON.stringify(v)} was given`);
    return v as string;
  };
  const config = {
    bucketName: text("bucket_name"),
    payloadPrefix: text("payload_prefix"),
    queueUrl: text("queue_url"),
    kmsKeyArn: text("kms_key_arn"),
    maxMessageSize: Number(value("max_message_size") ?? 1_048_576),
  };
  if (!Number.isInteger(config.maxMessageSize) || config.maxMessageSize < 1024) {
    problems.push(`max_message_size must be an integer of at least 1024, but ${JSON.stringify(value("max_message_size"))} was given`);
  }
  if (typeof config.payloadPrefix === "string" && !config.payloadPrefix.endsWith("/")) {
    problems.push(`payload_prefix must end with "/", but ${JSON.stringify(config.payloadPrefix)} was given`);
  }
  if (problems.length > 0) throw new ClaimCheckConfigError(`invalid claim-check configuration:\n- ${problems.join("\n- ")}`);
  return config;
}

export const configFromFile = (path: string): ClaimCheckConfig => configFromTerraformOutputs(JSON.parse(readFileSync(path, "utf8")));

const clientConfig = (connection: AwsConnection) => ({
  region: connection.region ?? process.env.AWS_REGION ?? "us-east-1",
  endpoint: connection.endpoint,
  credentials: connection.credentials,
});

/** SDK clients for a connection; path-style S3 addressing when an endpoint is given (emulators). */
export function createClients(connection: AwsConnection = {}): { s3: S3Client; sqs: SQSClient } {
  return resolveClients(connection);
}

/** The clients given, or new ones for the connection; a given client is never duplicated. */
export function resolveClients(options: AwsConnection & { s3?: S3Client; sqs?: SQSClient }): { s3: S3Client; sqs: SQSClient } {
  return {
    s3: options.s3 ?? new S3Client({ ...clientConfig(options), forcePathStyle: options.endpoint !== undefined }),
    sqs: options.sqs ?? new SQSClient(clientConfig(options)),
  };
}
