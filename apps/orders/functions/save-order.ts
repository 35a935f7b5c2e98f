import { GetObjectCommand } from "@aws-sdk/client-s3";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ClaimMessage, DigestingStream, isInline } from "../../../client";
import { lazyHandler, OrdersDeps } from "./shared/deps";
import { totalCents, validateOrderDocument } from "./shared/order-input";
import { ValidationError } from "./shared/problems";
import { pushStatus } from "./shared/push";
import { OrdersRepository } from "./shared/repository";
import { InvalidOrderDocument } from "./shared/workflow-types";

export interface SaveOrderInput {
  readonly orderId: string;
  readonly messageId: string;
  readonly claim: ClaimMessage;
  readonly executionArn?: string;
}

export interface SaveOrderOutput {
  readonly status: "SAVED";
  readonly totalCents: number;
  readonly lineCount: number;
  /** "none" when absent, so the workflow's ResultSelector always finds the field. */
  readonly simulate: string;
}

/** Reads the claimed document (inline, or the exact S3 version) and verifies its size and SHA-256 on the way. */
export async function readClaimedPayload(deps: OrdersDeps, claim: ClaimMessage): Promise<Buffer> {
  const expected = { size: claim.size, sha256: claim.sha256 };
  const source = isInline(claim)
    ? Readable.from([Buffer.from(claim.inline.data, "base64")])
    : ((await deps.s3.send(new GetObjectCommand({ Bucket: claim.s3_bucket, Key: claim.s3_key, VersionId: claim.version_id })))
        .Body as Readable);
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await pipeline(source, new DigestingStream(expected), collect);
  return Buffer.concat(chunks);
}

/** SaveOrder: verifies the payload (a mismatch fails the order), validates it, totals it, PROCESSING -> SAVED. */
export const makeSaveOrderHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return async (input: SaveOrderInput): Promise<SaveOrderOutput> => {
    const bytes = await readClaimedPayload(deps, input.claim);
    let document;
    try {
      document = validateOrderDocument(JSON.parse(bytes.toString("utf8")));
    } catch (error) {
      throw new InvalidOrderDocument(
        error instanceof ValidationError ? error.message : `the order document is not JSON: ${(error as Error).message}`,
      );
    }
    const total = totalCents(document);
    const { order, changed } = await repository.transition(input.orderId, "SAVED", deps.now(), {
      totalCents: total,
      lineCount: document.items.length,
      simulate: document.simulate ?? "none",
    });
    if (changed) await pushStatus(repository, deps.connections, deps.logger, order);
    deps.logger.info("order saved", { orderId: input.orderId, messageId: input.messageId, totalCents: total });
    return { status: "SAVED", totalCents: total, lineCount: document.items.length, simulate: document.simulate ?? "none" };
  };
};

export const handler = lazyHandler("save-order", makeSaveOrderHandler);
