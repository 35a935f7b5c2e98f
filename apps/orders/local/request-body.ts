import { IncomingMessage } from "node:http";

/** API Gateway's payload limit: the local gateway refuses larger bodies the same way (413). */
const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

/** A body over the limit: answered 413 without reading (or buffering) the rest. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly declared?: number,
  ) {
    super(
      declared !== undefined
        ? `The request body must be at most ${limit} bytes, but Content-Length is ${declared}.`
        : `The request body must be at most ${limit} bytes, but more were sent.`,
    );
    this.name = "BodyTooLargeError";
  }
}

/**
 * Reads a request body of at most `limit` bytes: a larger Content-Length is refused before reading, and a
 * chunked body stops being read as soon as it passes the limit.
 */
export function readBody(request: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const declared = request.headers["content-length"] === undefined ? undefined : Number(request.headers["content-length"]);
  if (declared !== undefined && declared > limit) return Promise.reject(new BodyTooLargeError(limit, declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        request.off("data", onData);
        request.pause();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
