// Fault injection for the client tests: the emulator answers like a healthy S3/SQS, so AWS's other answers
// (403 instead of 404, a stalled endpoint, a failing part) are produced here, at the HTTP layer, and go
// through the SDK's real deserializers and retry logic.
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createServer, Server, Socket } from "node:net";
import { Readable } from "node:stream";

interface HttpRequestLike {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
}

interface CannedResponse {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

interface Handler {
  handle(
    request: HttpRequestLike,
    options?: unknown,
  ): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }>;
}

/** Answers the requests `rule` picks with a canned HTTP response; every other request goes to the emulator. */
export function answerWith(client: S3Client | SQSClient, rule: (request: HttpRequestLike) => CannedResponse | undefined): void {
  const handler = client.config.requestHandler as unknown as Handler;
  const original = handler.handle.bind(handler);
  handler.handle = async (request, options) => {
    const canned = rule(request);
    if (!canned) return original(request, options);
    return {
      response: {
        statusCode: canned.statusCode,
        headers: { "content-type": "application/xml", ...(canned.headers ?? {}) },
        body: Readable.from([Buffer.from(canned.body ?? "")]),
      },
    };
  };
}

/** S3's 403 as AWS sends it (GetObject on a missing key without s3:ListBucket, or a denied key). */
export const S3_ACCESS_DENIED: CannedResponse = {
  statusCode: 403,
  body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>',
};

/** Counts the bytes the client actually reads from S3 response bodies. */
export function countBodyBytes(client: S3Client): { bytes: number } {
  const counter = { bytes: 0 };
  const handler = client.config.requestHandler as unknown as Handler;
  const original = handler.handle.bind(handler);
  handler.handle = async (request, options) => {
    const result = await original(request, options);
    const body = result.response.body as Readable;
    if (body && typeof body.on === "function") body.on("data", (chunk: Buffer) => (counter.bytes += chunk.length));
    return result;
  };
  return counter;
}

/** A TCP endpoint that accepts connections and never answers: a stalled S3/SQS. */
export async function stalledEndpoint(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.resume(); // read the request, answer nothing
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
