import { PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { lazyHandler, OrdersDeps } from "./shared/deps";
import { callerOf, errorResponse, handleHttp, HttpEvent, HttpResult, json, bodyText } from "./shared/http";
import { parsePresignRequest } from "./shared/order-input";
import { OrdersRepository } from "./shared/repository";

/**
 * POST /presigned-url (the source's GeneratePresignedUrl): signs a PUT of exactly `size` bytes into the
 * payload prefix, with the SSE-KMS header pair signed (the bucket policy demands both) and no checksum
 * of an empty body (the S3 client uses requestChecksumCalculation WHEN_REQUIRED).
 */
export const makePresignedUrlHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return (event: HttpEvent): Promise<HttpResult> =>
    handleHttp(
      (error) => deps.logger.error("presign failed", error as Error),
      async () => {
        const customerId = callerOf(event, deps.settings.allowAnonymous);
        if (!customerId) return errorResponse(401, "A bearer token is required.");
        const request = parsePresignRequest(bodyText(event), deps.settings.maxUploadBytes);
        const now = deps.now();
        const key = `${deps.settings.payloadPrefix}${now.toISOString().slice(0, 10)}/${deps.newId()}`;
        const headers = {
          "Content-Type": request.contentType,
          "x-amz-server-side-encryption": "aws:kms",
          "x-amz-server-side-encryption-aws-kms-key-id": deps.settings.kmsKeyArn,
        };
        const command = new PutObjectCommand({
          Bucket: deps.settings.bucketName,
          Key: key,
          ContentType: request.contentType,
          ContentLength: request.size,
          ServerSideEncryption: "aws:kms",
          SSEKMSKeyId: deps.settings.kmsKeyArn,
        });
        const ttl = deps.settings.uploadUrlTtlSeconds;
        const url = await getSignedUrl(deps.s3, command, { expiresIn: ttl, signingDate: now });
        const expiresAt = new Date(now.getTime() + ttl * 1000);
        await repository.recordUpload(key, customerId, request.size, request.sha256, expiresAt);
        deps.logger.info("presigned an upload", { key, size: request.size });
        return json(201, { key, url, method: "PUT", headers, expiresAt: expiresAt.toISOString() });
      },
    );
};

export const handler = lazyHandler("presigned-url", makePresignedUrlHandler);
