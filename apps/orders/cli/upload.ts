import { createReadStream } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { PresignedUpload } from "../web/src/client/contract";
import { CliError } from "./output";

/**
 * PUTs a file to a presigned URL with exactly the headers the API returned (SSE-KMS pair, content type)
 * and the signed Content-Length, reporting the bytes sent as they go.
 */
export function putFile(
  url: string,
  upload: PresignedUpload,
  path: string,
  size: number,
  onProgress: (sent: number) => void,
): Promise<void> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: upload.method, headers: { ...upload.headers, "Content-Length": String(size) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) return resolve();
        const body = Buffer.concat(chunks).toString("utf8");
        const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
        reject(
          new CliError(
            `the upload to ${target.origin}${target.pathname} was refused with ${res.statusCode}${code ? ` (${code})` : ""}: ${body.slice(0, 300)}`,
          ),
        );
      });
    });
    req.on("error", (error) => reject(new CliError(`the upload to ${target.origin} failed: ${error.message}`)));
    let sent = 0;
    const file = createReadStream(path);
    file.on("data", (chunk) => {
      sent += chunk.length;
      onProgress(sent);
    });
    file.on("error", (error) => {
      req.destroy();
      reject(new CliError(`could not read ${path}: ${error.message}`));
    });
    file.pipe(req);
  });
}
