import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { sha256Hex } from "../../../client/payload-source";
import { CreatedOrder } from "../web/src/client/contract";
import { validateOrder } from "../web/src/client/order-input";
import { Connection } from "./connection";
import { CliError, CliIo } from "./output";
import { uploadProgress } from "./progress";
import { putFile } from "./upload";

/** Orders larger than this go through POST /presigned-url and S3 (the API's inline limit, 64 KiB). */
export const INLINE_LIMIT_BYTES = 64 * 1024;

export interface CreateOptions {
  readonly file: string;
  readonly idempotencyKey?: string;
  /** Upload through /presigned-url even when the file is small. */
  readonly upload?: boolean;
}

/** Reads and checks the order file, then creates the order inline or through a presigned upload. */
export async function createOrder(
  connection: Connection,
  options: CreateOptions,
  io: CliIo,
): Promise<CreatedOrder & { replayed: boolean }> {
  const { file } = options;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file); // read once: parsed, measured and hashed from memory
  } catch (error) {
    throw new CliError(`--file: cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new CliError(`--file "${file}" is not valid JSON: ${(error as Error).message}`);
  }
  const { problems } = validateOrder(parsed);
  if (problems.length > 0) {
    throw new CliError(
      `--file "${file}" is not a valid order (${problems.length} problem${problems.length > 1 ? "s" : ""}):`,
      problems.map((p) => p.message),
    );
  }
  const key = options.idempotencyKey ?? randomUUID();
  const api = await connection.api();
  const size = bytes.length;
  if (!options.upload && size <= INLINE_LIMIT_BYTES) return api.createOrder(parsed, key);

  const sha256 = sha256Hex(bytes);
  const upload = await api.presign({ contentType: "application/json", size, sha256 });
  const progress = uploadProgress(io, size);
  try {
    await putFile(api.url(upload.url), upload, file, size, (sent) => progress.update(sent));
  } finally {
    progress.stop();
  }
  return api.createOrder({ payloadKey: upload.key, size, sha256 }, key);
}
