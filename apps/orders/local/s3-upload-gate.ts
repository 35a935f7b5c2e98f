import { S3RequestPresigner } from "@aws-sdk/s3-request-presigner";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** What the local `/_s3` proxy lets through: presigned PUTs of the orders API, nothing else. */
export interface UploadGatePolicy {
  /** The payload bucket and prefix: the only place an upload may go. */
  readonly bucket: string;
  readonly prefix: string;
  /** The SSE-KMS key the presigned URL must have signed. */
  readonly kmsKeyArn: string;
  /** The S3 endpoint the URL was signed for (the emulator); the proxy replaced it with `/_s3`. */
  readonly signedEndpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly now: () => Date;
}

interface GateRefusal {
  readonly status: number;
  readonly problems: readonly { field: string; message: string }[];
}

const REQUIRED_QUERY = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"];
const REQUIRED_SIGNED = ["content-length", "host", "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id"];
const SSE = "x-amz-server-side-encryption";
const SSE_KEY = "x-amz-server-side-encryption-aws-kms-key-id";

/** Node's crypto in the shape the SDK signer expects. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** X-Amz-Date (yyyyMMddTHHmmssZ) as a Date, or undefined when malformed. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

/** The signature the orders API would have produced for this request (the same SDK presigner, the local credentials). */
async function expectedSignature(
  policy: UploadGatePolicy,
  path: string,
  query: URLSearchParams,
  headers: Record<string, string>,
  signedAt: Date,
) {
  const endpoint = new URL(policy.signedEndpoint);
  const unsignedQuery: Record<string, string> = {};
  for (const [key, value] of query) if (!key.startsWith("X-Amz-")) unsignedQuery[key] = value;
  const presigner = new S3RequestPresigner({ credentials: policy.credentials, region: policy.region, sha256: NodeSha256, service: "s3" });
  const signed = await presigner.presign(
    {
      method: "PUT",
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path,
      query: unsignedQuery,
      headers: { host: endpoint.host, "content-length": headers["content-length"], [SSE]: headers[SSE], [SSE_KEY]: headers[SSE_KEY] },
    },
    { signingDate: signedAt, expiresIn: Number(query.get("X-Amz-Expires")) },
  );
  return String(signed.query?.["X-Amz-Signature"]);
}

/**
 * Checks a request to the local `/_s3` proxy (path and query after `/_s3`) and returns why it is refused, or
 * undefined when it is a presigned PUT of the orders API that S3 would accept: into the payload prefix, unexpired,
 * with the signed Content-Length and SSE-KMS headers, and a valid SigV4 signature of the local credentials.
 */
export async function checkPresignedUpload(
  policy: UploadGatePolicy,
  method: string,
  pathAndQuery: string,
  requestHeaders: Record<string, string | string[] | undefined>,
): Promise<GateRefusal | undefined> {
  if (method !== "PUT")
    return { status: 405, problems: [{ field: "method", message: `must be PUT (a presigned upload), but ${method} was given` }] };
  const url = new URL(pathAndQuery, "http://proxy.invalid");
  const key = decodeURIComponent(url.pathname).slice(`/${policy.bucket}/`.length);
  const problems: { field: string; message: string }[] = [];
  if (
    !url.pathname.startsWith(`/${policy.bucket}/`) ||
    !key.startsWith(policy.prefix) ||
    key.split("/").some((s) => s === ".." || s === ".")
  )
    problems.push({
      field: "path",
      message: `must name an object under ${policy.bucket}/${policy.prefix}, but ${JSON.stringify(url.pathname)} was given`,
    });
  const missing = REQUIRED_QUERY.filter((name) => !url.searchParams.get(name));
  if (missing.length > 0)
    problems.push({ field: "query", message: `must carry a presigned URL's ${missing.join(", ")}, but they are missing` });
  if (problems.length > 0) return { status: 403, problems };

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(requestHeaders)) if (typeof value === "string") headers[name.toLowerCase()] = value;
  const signedAt = parseAmzDate(url.searchParams.get("X-Amz-Date")!);
  const expires = Number(url.searchParams.get("X-Amz-Expires"));
  if (!signedAt)
    problems.push({ field: "X-Amz-Date", message: `must be yyyyMMddTHHmmssZ, but ${url.searchParams.get("X-Amz-Date")} was given` });
  if (!Number.isInteger(expires) || expires < 1 || expires > 604_800)
    problems.push({
      field: "X-Amz-Expires",
      message: `must be 1 to 604800 seconds, but ${url.searchParams.get("X-Amz-Expires")} was given`,
    });
  else if (signedAt && signedAt.getTime() + expires * 1000 < policy.now().getTime())
    problems.push({ field: "X-Amz-Expires", message: `the URL expired at ${new Date(signedAt.getTime() + expires * 1000).toISOString()}` });
  const signedHeaders = url.searchParams.get("X-Amz-SignedHeaders")!.split(";");
  const unsigned = REQUIRED_SIGNED.filter((name) => !signedHeaders.includes(name));
  if (unsigned.length > 0)
    problems.push({ field: "X-Amz-SignedHeaders", message: `must include ${unsigned.join(", ")}, but it is ${signedHeaders.join(";")}` });
  if (headers["content-length"] === undefined || !/^\d+$/.test(headers["content-length"]))
    problems.push({
      field: "Content-Length",
      message: `must be the signed size in bytes, but ${headers["content-length"] ?? "it is missing"}`,
    });
  if (headers[SSE] !== "aws:kms")
    problems.push({ field: SSE, message: `must be "aws:kms" (signed), but ${headers[SSE] ?? "it is missing"}` });
  if (headers[SSE_KEY] !== policy.kmsKeyArn)
    problems.push({
      field: SSE_KEY,
      message: `must be the payload key ${policy.kmsKeyArn} (signed), but ${headers[SSE_KEY] ?? "it is missing"}`,
    });
  if (problems.length > 0) return { status: 403, problems };

  const expected = Buffer.from(await expectedSignature(policy, url.pathname, url.searchParams, headers, signedAt!));
  const given = Buffer.from(url.searchParams.get("X-Amz-Signature")!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return {
      status: 403,
      problems: [
        {
          field: "X-Amz-Signature",
          message:
            "does not match the request: the URL was not issued by POST /presigned-url, or Content-Length or the SSE headers differ from the signed ones",
        },
      ],
    };
  return undefined;
}
