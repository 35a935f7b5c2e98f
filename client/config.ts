import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { readFileSync } from "node:fs";
import { CLIENT_OUTPUTS, OUTPUT_CONTRACT } from "../modules/claim-check/spec/output-contract";
import { payloadPrefixProblem } from "./claim-scope";
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

/** Time limits for every S3 and SQS call, so a stalled endpoint fails instead of hanging. */
export interface Timeouts {
  /** Time to open a TCP/TLS connection. @default 5000 */
  readonly connectTimeoutMs?: number;
  /**
   * Longest silence on an open connection (no byte sent or received) before the call fails; must exceed
   * the long-poll wait. @default 30000
   */
  readonly socketTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_SOCKET_TIMEOUT_MS = 30_000;

/** AWS connection settings; `endpoint` points the SDK at an emulator. */
export interface AwsConnection extends Timeouts {
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

type TerraformOutputs = Record<string, { value: unknown } | unknown>;

/** Which config field each output of the contract fills. */
const FIELD_OF: Record<(typeof CLIENT_OUTPUTS)[number], keyof ClaimCheckConfig> = {
  bucket_name: "bucketName",
  payload_prefix: "payloadPrefix",
  queue_url: "queueUrl",
  kms_key_arn: "kmsKeyArn",
  max_message_size: "maxMessageSize",
};

const unwrap = (entry: unknown): unknown =>
  entry !== null && typeof entry === "object" && "value" in (entry as object) ? (entry as { value: unknown }).value : entry;

/**
 * The outputs of one stack: `terraform output -json` gives them directly (each as `{value}`), `cdktf output
 * --outputs-file` keys them by stack. `stack` picks one; without it the file must hold exactly one stack.
 */
export function selectStackOutputs(outputs: Record<string, unknown>, stack?: string): TerraformOutputs {
  const direct = CLIENT_OUTPUTS.some((name) => name in outputs);
  if (direct && stack === undefined) return outputs;
  const stacks = Object.keys(outputs).filter(
    (name) => outputs[name] !== null && typeof outputs[name] === "object" && !("value" in (outputs[name] as object)),
  );
  if (stack !== undefined) {
    if (!stacks.includes(stack))
      throw new ClaimCheckConfigError(`stack ${JSON.stringify(stack)} is not in the outputs; found stacks: ${JSON.stringify(stacks)}`);
    return outputs[stack] as TerraformOutputs;
  }
  if (!direct && stacks.length === 1) return outputs[stacks[0]] as TerraformOutputs;
  if (!direct && stacks.length > 1)
    throw new ClaimCheckConfigError(`the outputs hold several stacks ${JSON.stringify(stacks)}: choose one (--stack)`);
  return outputs;
}

/**
 * Reads the module's outputs named by the output contract (CLIENT_OUTPUTS): as printed by `terraform output
 * -json`, as values, or keyed by stack (`cdktf output --outputs-file`).
 */
export function configFromTerraformOutputs(allOutputs: TerraformOutputs, stack?: string): ClaimCheckConfig {
  const outputs = selectStackOutputs(allOutputs, stack);
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const name of CLIENT_OUTPUTS) {
    const value = unwrap(outputs[name]);
    if (OUTPUT_CONTRACT[name].type === "number") {
      const n = Number(value ?? 1_048_576);
      if (!Number.isInteger(n) || n < 1024)
        problems.push(`${name} must be an integer of at least 1024, but ${JSON.stringify(value)} was given`);
      config[FIELD_OF[name]] = n;
    } else {
      if (typeof value !== "string" || value.length === 0)
        problems.push(`${name} must be a non-empty string, but ${JSON.stringify(value)} was given`);
      config[FIELD_OF[name]] = value;
    }
  }
  const prefixProblem = typeof config.payloadPrefix === "string" ? payloadPrefixProblem(config.payloadPrefix) : undefined;
  if (prefixProblem) problems.push(`payload_prefix ${prefixProblem}`);
  if (problems.length > 0) throw new ClaimCheckConfigError(`invalid claim-check configuration:\n- ${problems.join("\n- ")}`);
  return config as unknown as ClaimCheckConfig;
}

/** Reads a `terraform output -json` or `cdktf output --outputs-file` file; every error names the file. */
export function configFromFile(path: string, stack?: string): ClaimCheckConfig {
  let outputs: TerraformOutputs;
  try {
    outputs = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ClaimCheckConfigError(`config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return configFromTerraformOutputs(outputs, stack);
  } catch (error) {
    throw new ClaimCheckConfigError(`config file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

const clientConfig = (connection: AwsConnection) => ({
  region: connection.region ?? process.env.AWS_REGION ?? "us-east-1",
  endpoint: connection.endpoint,
  credentials: connection.credentials,
  requestHandler: {
    connectionTimeout: connection.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    socketTimeout: connection.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS,
  },
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
