import { GetObjectCommand } from "@aws-sdk/client-s3";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ClaimMessage, DigestingStream, isInline } from "../../../client";
import { claimRefusal } from "../../../client/claim-scope";
import { lazyHandler, OrdersDeps } from "./shared/deps";
import { totalCents, validateOrderDocument } from "./shared/order-input";
import { ValidationError } from "./shared/problems";
import { pushStatus } from "./shared/push";
import { OrdersRepository } from "./shared/repository";
import { OrdersSettings } from "./shared/settings";
import { ClaimRefused, InvalidOrderDocument } from "./shared/workflow-types";

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
  /** The S3 object SaveOrder verified: the only one the workflow deletes ({} for an inline order). */
  readonly payload: VerifiedPayload;
}

/** A payload location checked against the app's bucket and prefix; fields absent for inline orders. */
export interface VerifiedPayload {
  readonly bucket?: string;
  readonly key?: string;
  readonly versionId?: string;
}

/**
 * Checks a claim before any S3 call: the orders app always writes size and sha256 and stores payloads
 * in its own bucket under its prefix, so a claim lacking either, or naming another object, is forged
 * (confused deputy) and refused with every problem listed.
 */
function verifyClaim(claim: ClaimMessage, settings: Pick<OrdersSettings, "bucketName" | "payloadPrefix">): VerifiedPayload {
  const problems: string[] = [];
  if (claim.size === undefined) problems.push("size is missing (the orders app always sets it)");
  if (claim.sha256 === undefined) problems.push("sha256 is missing (the orders app always sets it)");
  if (isInline(claim)) {
    if (problems.length > 0) throw new ClaimRefused(problems);
    return {};
  }
  const refusal = claimRefusal(claim, { bucketName: settings.bucketName, payloadPrefix: settings.payloadPrefix });
  if (refusal) problems.push(refusal);
  if (problems.length > 0) throw new ClaimRefused(problems);
  return { bucket: claim.s3_bucket, key: claim.s3_key, ...(claim.version_id !== undefined ? { versionId: claim.version_id } : {}) };
}

/** Reads the claimed document (inline, or the exact verified S3 version) and verifies its size and SHA-256 on the way. */
export async function readClaimedPayload(deps: OrdersDeps, claim: ClaimMessage, location: VerifiedPayload): Promise<Buffer> {
  const expected = { size: claim.size, sha256: claim.sha256 };
  const source = isInline(claim)
    ? Readable.from([Buffer.from(claim.inline.data, "base64")])
    : ((await deps.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId })))
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

/** SaveOrder: refuses foreign or unverifiable claims, verifies the payload (a mismatch fails the order), validates it, totals it, PROCESSING -> SAVED. */
export const makeSaveOrderHandler = (deps: OrdersDeps) => {
  const repository = new OrdersRepository(deps.ddb, deps.settings.tableName);
  return async (input: SaveOrderInput): Promise<SaveOrderOutput> => {
    const payload = verifyClaim(input.claim, deps.settings);
    const bytes = await readClaimedPayload(deps, input.claim, payload);
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
    return { status: "SAVED", totalCents: total, lineCount: document.items.length, simulate: document.simulate ?? "none", payload };
  };
};

export const handler = lazyHandler("save-order", makeSaveOrderHandler);
