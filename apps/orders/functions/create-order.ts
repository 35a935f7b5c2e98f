import { HeadObjectCommand, NotFound } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { createHash } from "node:crypto";
import { CLAIM_SCHEMA_VERSION, ClaimCheckProducer, ClaimMessage, parseClaimMessage } from "../../../client";
import { lazyHandler, OrdersDeps } from "./shared/deps";
import { bodyText, callerOf, errorResponse, handleHttp, header, HttpEvent, HttpResult, json } from "./shared/http";
import { CreateOrderRequest, parseCreateOrder, UploadedOrderRef } from "./shared/order-input";
import { ValidationError } from "./shared/problems";
import { UploadAlreadyClaimedError } from "./shared/statuses";
import { OrdersRepository, PayloadLocation } from "./shared/repository";

const ORDER_CONTENT_TYPE = "application/json";

/**
 * POST /orders: validates, honours Idempotency-Key, writes the order RECEIVED *before* sending its claim
 * (the consumer may run at once), then sends the claim (the conditional claim check: inline when small,
 * in S3 when large, or the presigned upload after a HeadObject check) and records the SQS message id.
 */
export const makeCreateOrderHandler = (deps: OrdersDeps) => {
  const { settings } = deps;
  const repository = new OrdersRepository(deps.ddb, settings.tableName);
  const producer = new ClaimCheckProducer({
    config: {
      bucketName: settings.bucketName,
      payloadPrefix: settings.payloadPrefix,
      queueUrl: settings.queueUrl,
      kmsKeyArn: settings.kmsKeyArn,
      maxMessageSize: settings.maxMessageSize,
    },
    submittedBy: "orders-api",
    // This project's claim format carries size and sha256, which SaveOrder requires (claims without them are refused).
    messageFormat: "claim-check",
    inlineThreshold: settings.inlineThresholdBytes,
    s3: deps.s3,
    sqs: deps.sqs,
    now: deps.now,
    newId: deps.newId,
  });

  /**
   * HeadObject: the upload exists, is the caller's, has the declared size (and on AWS, the module's SSE-KMS key);
   * then the upload is consumed for this order (a conditional write), so it cannot pay for a second order.
   */
  async function checkUpload(ref: UploadedOrderRef, customerId: string, orderId: string): Promise<PayloadLocation> {
    const upload = await repository.getUpload(ref.payloadKey);
    if (!upload || upload.customerId !== customerId) {
      throw new ValidationError(
        [{ field: "payloadKey", message: `is not an upload URL issued to you, but ${JSON.stringify(ref.payloadKey)} was given` }],
        404,
      );
    }
    const problems = [];
    if (upload.size !== ref.size)
      problems.push({ field: "size", message: `must be the size declared for the upload (${upload.size}), but ${ref.size} was given` });
    if (upload.sha256 !== ref.sha256)
      problems.push({ field: "sha256", message: `must be the sha256 declared for the upload, but ${ref.sha256} was given` });
    if (problems.length > 0) throw new ValidationError(problems);
    let head;
    try {
      head = await deps.s3.send(new HeadObjectCommand({ Bucket: settings.bucketName, Key: ref.payloadKey }));
    } catch (error) {
      if (
        error instanceof NotFound ||
        (error as Error).name === "NotFound" ||
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      ) {
        throw new ValidationError(
          [{ field: "payloadKey", message: `has not been uploaded yet: PUT the document to the presigned URL first (${ref.payloadKey})` }],
          400,
        );
      }
      throw error;
    }
    if (head.ContentLength !== ref.size) {
      throw new ValidationError([
        { field: "size", message: `must match the uploaded object (${head.ContentLength} bytes), but ${ref.size} was given` },
      ]);
    }
    // The emulator does not store SSE fields; on AWS the object must be encrypted with the module's key.
    if (
      head.ServerSideEncryption !== undefined &&
      (head.ServerSideEncryption !== "aws:kms" || (head.SSEKMSKeyId && head.SSEKMSKeyId !== settings.kmsKeyArn))
    ) {
      throw new ValidationError([
        {
          field: "payloadKey",
          message: `must be encrypted with the payload key (SSE-KMS), but it is ${head.ServerSideEncryption} ${head.SSEKMSKeyId ?? ""}`,
        },
      ]);
    }
    try {
      await repository.claimUpload(ref.payloadKey, orderId);
    } catch (error) {
      if (!(error instanceof UploadAlreadyClaimedError)) throw error;
      throw new ValidationError(
        [{ field: "payloadKey", message: `was already used by another order; request a new upload URL (${ref.payloadKey})` }],
        409,
      );
    }
    return { bucket: settings.bucketName, key: ref.payloadKey, versionId: head.VersionId, size: ref.size, sha256: ref.sha256 };
  }

  async function sendClaim(
    request: CreateOrderRequest,
    rawBody: string,
    location: PayloadLocation | undefined,
    metadata: Record<string, string>,
  ) {
    if (request.kind === "inline") {
      const { messageId, claim } = await producer.send(Buffer.from(rawBody, "utf8"), { contentType: ORDER_CONTENT_TYPE, metadata });
      return { messageId, claim };
    }
    const draft = {
      schema_version: CLAIM_SCHEMA_VERSION,
      s3_bucket: location!.bucket,
      s3_key: location!.key,
      ...(location!.versionId ? { version_id: location!.versionId } : {}),
      size: location!.size,
      sha256: location!.sha256,
      content_type: ORDER_CONTENT_TYPE,
      metadata: { ...metadata, submitted_by: "orders-api", timestamp: deps.now().toISOString() },
    };
    const claim: ClaimMessage = parseClaimMessage(JSON.stringify(draft));
    const response = await deps.sqs.send(new SendMessageCommand({ QueueUrl: settings.queueUrl, MessageBody: JSON.stringify(claim) }));
    return { messageId: response.MessageId!, claim };
  }

  return (event: HttpEvent): Promise<HttpResult> =>
    handleHttp(
      (error) => deps.logger.error("create order failed", error as Error),
      async () => {
        const customerId = callerOf(event, settings.allowAnonymous);
        if (!customerId) return errorResponse(401, "A bearer token is required.");
        const key = header(event, "idempotency-key");
        const rawBody = bodyText(event) ?? "";
        const problems = [];
        if (key === undefined || key.length < 1 || key.length > 255) {
          problems.push({
            field: "Idempotency-Key",
            message: `header must be 1 to 255 characters, but ${key === undefined ? "it is missing" : `${key.length} were given`}`,
          });
        }
        if (Buffer.byteLength(rawBody) > settings.maxOrderBodyBytes) {
          throw new ValidationError(
            [
              {
                field: "body",
                message: `must be at most ${settings.maxOrderBodyBytes} bytes, but ${Buffer.byteLength(rawBody)} were given: upload large orders through POST /presigned-url`,
              },
            ],
            413,
          );
        }
        let request: CreateOrderRequest | undefined;
        try {
          request = parseCreateOrder(rawBody, settings.payloadPrefix, settings.maxUploadBytes);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          problems.push(...error.problems);
        }
        if (problems.length > 0 || !request) throw new ValidationError(problems);
        const bodyHash = createHash("sha256").update(rawBody).digest("hex");
        const orderId = deps.newId();
        const existing = await repository.claimIdempotencyKey(customerId, key!, { bodyHash, state: "IN_PROGRESS", orderId }, deps.now());
        if (existing) {
          if (existing.bodyHash !== bodyHash)
            return errorResponse(422, "This Idempotency-Key was already used with a different request body.", [
              { field: "Idempotency-Key", message: `was reused with another body: ${JSON.stringify(key)}` },
            ]);
          if (existing.state !== "COMPLETED" || !existing.response)
            return errorResponse(409, "A request with this Idempotency-Key is still in flight; retry shortly.", [
              { field: "Idempotency-Key", message: `is in use by a request in flight: ${JSON.stringify(key)}` },
            ]);
          return {
            statusCode: existing.response.statusCode,
            headers: { "content-type": "application/json", "Idempotent-Replayed": "true" },
            body: existing.response.body,
          };
        }

        const requestId = event.requestContext.requestId ?? deps.newId();
        const createdAt = deps.now().toISOString();
        let location: PayloadLocation | undefined;
        let orderWritten = false;
        let messageId: string;
        try {
          location = request.kind === "uploaded" ? await checkUpload(request.ref, customerId, orderId) : undefined;
          await repository.createOrder({
            orderId,
            customerId,
            requestId,
            createdAt,
            ...(location ? { payload: location } : { inline: true }),
          });
          orderWritten = true;
          ({ messageId } = await sendClaim(request, rawBody, location, {
            order_id: orderId,
            request_id: requestId,
            customer_id: customerId,
          }));
        } catch (error) {
          // Nothing was sent: remove what was written so a retry with the same key starts clean.
          if (orderWritten) await repository.deleteOrder(orderId).catch(() => undefined);
          if (location) await repository.releaseUpload(location.key, orderId).catch(() => undefined);
          await repository.releaseIdempotencyKey(customerId, key!);
          throw error;
        }
        // The consumer may already run under another id (a retried send that went through twice): report that one.
        messageId = await repository.attachMessageId(orderId, messageId);
        const response = json(202, { orderId, messageId, status: "RECEIVED", links: { self: `/orders/${orderId}` } });
        await repository.completeIdempotencyKey(customerId, key!, { statusCode: response.statusCode, body: response.body });
        deps.logger.info("order received", { orderId, messageId, requestId, kind: request.kind });
        return response;
      },
    );
};

export const handler = lazyHandler("create-order", makeCreateOrderHandler);
