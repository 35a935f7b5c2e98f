import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { checkPresignedUpload, UploadGatePolicy } from "../../apps/orders/local/s3-upload-gate";

// The local /_s3 proxy's gate: only a presigned PUT of the orders API, as S3 would check it.
const credentials = { accessKeyId: "local", secretAccessKey: "local-secret" };
const endpoint = "http://127.0.0.1:4566";
const kmsKeyArn = "arn:aws:kms:eu-west-1:000000000000:key/local";
const signedAt = new Date("2026-11-21T12:00:00Z");
const policy = (now = new Date("2026-11-21T12:01:00Z")): UploadGatePolicy => ({
  bucket: "payloads-bucket",
  prefix: "payloads/",
  kmsKeyArn,
  signedEndpoint: endpoint,
  region: "eu-west-1",
  credentials,
  now: () => now,
});
const s3 = new S3Client({ region: "eu-west-1", endpoint, forcePathStyle: true, credentials, requestChecksumCalculation: "WHEN_REQUIRED" });
afterAll(() => s3.destroy());

async function presign(key = "payloads/2026-11-21/abc", size = 1234, signer = s3): Promise<string> {
  const url = await getSignedUrl(
    signer,
    new PutObjectCommand({
      Bucket: "payloads-bucket",
      Key: key,
      ContentLength: size,
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: kmsKeyArn,
    }),
    { expiresIn: 300, signingDate: signedAt },
  );
  return url.slice(endpoint.length);
}
const goodHeaders = (size = 1234) => ({
  "content-length": String(size),
  "content-type": "application/json",
  "x-amz-server-side-encryption": "aws:kms",
  "x-amz-server-side-encryption-aws-kms-key-id": kmsKeyArn,
});
const fieldsOf = (refusal: Awaited<ReturnType<typeof checkPresignedUpload>>) => refusal?.problems.map((p) => p.field);

test("the presigned PUT the API issued passes, with its signed size and SSE headers", async () => {
  expect(await checkPresignedUpload(policy(), "PUT", await presign(), goodHeaders())).toBeUndefined();
});

test("another Content-Length than the signed one is refused by the signature", async () => {
  const refusal = await checkPresignedUpload(policy(), "PUT", await presign(), goodHeaders(99_999));
  expect(refusal).toMatchObject({ status: 403 });
  expect(fieldsOf(refusal)).toEqual(["X-Amz-Signature"]);
});

test("a URL signed with other credentials is refused", async () => {
  const forger = new S3Client({
    region: "eu-west-1",
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "local", secretAccessKey: "guessed" },
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  const refusal = await checkPresignedUpload(policy(), "PUT", await presign(undefined, undefined, forger), goodHeaders());
  forger.destroy();
  expect(fieldsOf(refusal)).toEqual(["X-Amz-Signature"]);
});

test("expired, unsigned, missing SSE headers, wrong key: every problem at once", async () => {
  const late = policy(new Date("2026-11-21T12:06:00Z"));
  const headers: Record<string, string> = { ...goodHeaders(), "x-amz-server-side-encryption-aws-kms-key-id": "arn:other" };
  delete headers["x-amz-server-side-encryption"];
  const refusal = await checkPresignedUpload(late, "PUT", await presign(), headers);
  expect(refusal?.status).toBe(403);
  expect(fieldsOf(refusal)).toEqual(["X-Amz-Expires", "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id"]);
  expect(refusal?.problems[0].message).toMatch(/expired at 2026-11-21T12:05:00.000Z/);
});

test("anything but a presigned PUT into the payload prefix is refused before any signature work", async () => {
  expect(await checkPresignedUpload(policy(), "GET", "/payloads-bucket?list-type=2", {})).toMatchObject({ status: 405 });
  expect(await checkPresignedUpload(policy(), "DELETE", await presign(), goodHeaders())).toMatchObject({ status: 405 });
  expect(fieldsOf(await checkPresignedUpload(policy(), "PUT", "/other-bucket/payloads/x", goodHeaders()))).toEqual(["path", "query"]);
  expect(fieldsOf(await checkPresignedUpload(policy(), "PUT", "/payloads-bucket/payloads/../secrets/x", goodHeaders()))).toEqual([
    "path",
    "query",
  ]);
  expect(fieldsOf(await checkPresignedUpload(policy(), "PUT", await presign("elsewhere/x"), goodHeaders()))).toEqual(["path"]);
  expect(fieldsOf(await checkPresignedUpload(policy(), "PUT", "/payloads-bucket/payloads/x", goodHeaders()))).toEqual(["query"]);
});
