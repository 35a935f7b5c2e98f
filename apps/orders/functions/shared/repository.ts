import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ALLOWED_SOURCES, DuplicateClaimError, InvalidTransitionError, OrderStatus, UploadAlreadyClaimedError } from "./statuses";

/** Where a large order's document lives. */
export interface PayloadLocation {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly size: number;
  readonly sha256: string;
}

export interface OrderRecord {
  readonly orderId: string;
  readonly customerId: string;
  readonly requestId: string;
  readonly status: OrderStatus;
  readonly messageId?: string;
  readonly executionArn?: string;
  readonly payload?: PayloadLocation;
  readonly inline?: boolean;
  readonly totalCents?: number;
  readonly lineCount?: number;
  readonly paymentId?: string;
  readonly reason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly history: readonly { status: OrderStatus; at: string; reason?: string }[];
}

export interface IdempotencyRecord {
  readonly bodyHash: string;
  readonly state: "IN_PROGRESS" | "COMPLETED";
  readonly orderId: string;
  readonly response?: { statusCode: number; body: string };
}

export interface SubscriptionRecord {
  readonly orderId: string;
  readonly connectionId: string;
  readonly customerId: string;
}

const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: "ORDER" });
const idempotencyKey = (customerId: string, key: string) => ({ pk: `IDEMPOTENCY#${customerId}#${key}`, sk: "IDEMPOTENCY" });
const uploadKey = (payloadKey: string) => ({ pk: `UPLOAD#${payloadKey}`, sk: "UPLOAD" });
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
const INDEX_KEYS = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "expiresAt"];

function strip<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const key of INDEX_KEYS) delete copy[key];
  return copy as T;
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as Error)?.name === "ConditionalCheckFailedException";

/** The orders table: single-item conditional writes only (no transactions), no scans. */
export class OrdersRepository {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes a new order in RECEIVED; fails if the id exists. */
  async createOrder(order: Omit<OrderRecord, "status" | "version" | "history" | "updatedAt">): Promise<OrderRecord> {
    const record: OrderRecord = {
      ...order,
      status: "RECEIVED",
      version: 1,
      updatedAt: order.createdAt,
      history: [{ status: "RECEIVED", at: order.createdAt }],
    };
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...orderKey(order.orderId),
          gsi2pk: `CUSTOMER#${order.customerId}`,
          gsi2sk: `${order.createdAt}#${order.orderId}`,
          ...record,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return record;
  }

  /** Rolls back an order that never got a claim sent (nothing half-written). */
  async deleteOrder(orderId: string): Promise<void> {
    await this.ddb.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: orderKey(orderId),
        ConditionExpression: "#s = :r",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":r": "RECEIVED" },
      }),
    );
  }

  /**
   * Records the SQS message id so the order can be found by it (GSI1). StartExecution may already have written
   * it (publish after write: the consumer can run first); the first id wins, so another id (a SendMessage retry
   * that also went through) is not attached. Returns the order's message id, the one its workflow runs under.
   */
  async attachMessageId(orderId: string, messageId: string): Promise<string> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: orderKey(orderId),
          UpdateExpression: "SET messageId = :m, gsi1pk = :g, gsi1sk = :o",
          ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(messageId) OR messageId = :m)",
          ExpressionAttributeValues: { ":m": messageId, ":g": `MSG#${messageId}`, ":o": "ORDER" },
        }),
      );
      return messageId;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.getOrder(orderId);
      if (!current?.messageId) throw error;
      return current.messageId;
    }
  }

  /**
   * RECEIVED -> PROCESSING under `messageId`, or a redelivery of that same message (PROCESSING -> PROCESSING).
   * Any other message id for an order that already has one is a DuplicateClaimError: a second run would pay twice.
   */
  async startProcessing(
    orderId: string,
    messageId: string,
    executionArn: string,
    at: Date,
  ): Promise<{ order: OrderRecord; changed: boolean }> {
    try {
      return await this.transition(
        orderId,
        "PROCESSING",
        at,
        { messageId, executionArn, gsi1pk: `MSG#${messageId}`, gsi1sk: "ORDER" },
        { expression: "(attribute_not_exists(messageId) OR messageId = :claimId)", values: { ":claimId": messageId } },
      );
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
      const current = await this.getOrder(orderId);
      if (current?.messageId !== undefined && current.messageId !== messageId)
        throw new DuplicateClaimError(orderId, current.messageId, messageId);
      throw error;
    }
  }

  async getOrder(orderId: string): Promise<OrderRecord | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: orderKey(orderId), ConsistentRead: true }));
    return Item ? strip<OrderRecord>(Item) : undefined;
  }

  async getOrderByMessageId(messageId: string): Promise<OrderRecord | undefined> {
    const { Items } = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :g AND gsi1sk = :o",
        ExpressionAttributeValues: { ":g": `MSG#${messageId}`, ":o": "ORDER" },
      }),
    );
    return Items?.[0] ? strip<OrderRecord>(Items[0]) : undefined;
  }

  /** The customer's most recent orders, newest first (GSI2). */
  async listOrders(customerId: string, limit = 20): Promise<OrderRecord[]> {
    const { Items } = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :c",
        ExpressionAttributeValues: { ":c": `CUSTOMER#${customerId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => strip<OrderRecord>(item));
  }

  /**
   * Moves an order to `to` if its current status allows it (a conditional write), appending to its history.
   * Repeating a transition that already happened (a retried step) is not an error: `changed` is false.
   */
  async transition(
    orderId: string,
    to: OrderStatus,
    at: Date,
    extra: Record<string, unknown> = {},
    guard?: { readonly expression: string; readonly values: Record<string, unknown> },
  ): Promise<{ order: OrderRecord; changed: boolean }> {
    const sources = ALLOWED_SOURCES[to];
    const values: Record<string, unknown> = {
      ":to": to,
      ":now": at.toISOString(),
      ":one": 1,
      ":zero": 0,
      ":entry": [{ status: to, at: at.toISOString(), ...(typeof extra.reason === "string" ? { reason: extra.reason } : {}) }],
      ":empty": [],
      ...guard?.values,
    };
    sources.forEach((s, i) => (values[`:s${i}`] = s));
    const names: Record<string, string> = { "#s": "status" };
    const sets = [
      "#s = :to",
      "updatedAt = :now",
      "version = if_not_exists(version, :zero) + :one",
      "history = list_append(if_not_exists(history, :empty), :entry)",
    ];
    Object.entries(extra).forEach(([key, value], i) => {
      names[`#x${i}`] = key;
      values[`:x${i}`] = value;
      sets.push(`#x${i} = :x${i}`);
    });
    try {
      const { Attributes } = await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: orderKey(orderId),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: `attribute_exists(pk) AND #s IN (${sources.map((_, i) => `:s${i}`).join(", ")})${guard ? ` AND ${guard.expression}` : ""}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return { order: strip<OrderRecord>(Attributes!), changed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.getOrder(orderId);
      if (current && current.status === to && !(guard && to === "PROCESSING" && current.messageId !== guard.values[":claimId"]))
        return { order: current, changed: false };
      throw new InvalidTransitionError(orderId, current?.status, to);
    }
  }

  /** Counts payment attempts on the order (the simulated gateway fails the first ones on request). */
  async countPaymentAttempt(orderId: string): Promise<number> {
    const { Attributes } = await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: orderKey(orderId),
        UpdateExpression: "ADD paymentAttempts :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Attributes!.paymentAttempts as number;
  }

  // --- idempotency records (IETF Idempotency-Key), kept 24 h ---

  /** Claims the key for this request; returns the existing record instead when the key is taken. */
  async claimIdempotencyKey(customerId: string, key: string, record: IdempotencyRecord, now: Date): Promise<IdempotencyRecord | undefined> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...idempotencyKey(customerId, key), ...record, expiresAt: epochSeconds(now) + 86_400 },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.ddb.send(
        new GetCommand({ TableName: this.tableName, Key: idempotencyKey(customerId, key), ConsistentRead: true }),
      );
      return Item ? strip<IdempotencyRecord>(Item) : undefined;
    }
  }

  async completeIdempotencyKey(customerId: string, key: string, response: { statusCode: number; body: string }): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: idempotencyKey(customerId, key),
        UpdateExpression: "SET #st = :c, #r = :r",
        ExpressionAttributeNames: { "#st": "state", "#r": "response" },
        ExpressionAttributeValues: { ":c": "COMPLETED", ":r": response },
      }),
    );
  }

  async releaseIdempotencyKey(customerId: string, key: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: this.tableName, Key: idempotencyKey(customerId, key) }));
  }

  // --- presigned uploads: who may claim which key ---

  async recordUpload(payloadKey: string, customerId: string, size: number, sha256: string, expiresAt: Date): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...uploadKey(payloadKey), customerId, size, sha256, expiresAt: epochSeconds(expiresAt) + 86_400 },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async getUpload(payloadKey: string): Promise<{ customerId: string; size: number; sha256: string } | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: uploadKey(payloadKey), ConsistentRead: true }));
    return Item ? strip(Item) : undefined;
  }

  /**
   * Consumes the upload for one order (a conditional write): one presigned upload pays for one order only.
   * Claiming it again for the same order is a no-op; for another order it is an UploadAlreadyClaimedError.
   */
  async claimUpload(payloadKey: string, orderId: string): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: uploadKey(payloadKey),
          UpdateExpression: "SET claimedBy = :o",
          ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(claimedBy) OR claimedBy = :o)",
          ExpressionAttributeValues: { ":o": orderId },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new UploadAlreadyClaimedError(payloadKey);
      throw error;
    }
  }

  /** Gives the upload back when the order that claimed it was rolled back (nothing half-written). */
  async releaseUpload(payloadKey: string, orderId: string): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: uploadKey(payloadKey),
          UpdateExpression: "REMOVE claimedBy",
          ConditionExpression: "claimedBy = :o",
          ExpressionAttributeValues: { ":o": orderId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  // --- WebSocket subscriptions (TTL 2 h, the WebSocket maximum) ---

  async subscribe(subscription: SubscriptionRecord, now: Date): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `ORDER#${subscription.orderId}`,
          sk: `CONN#${subscription.connectionId}`,
          gsi1pk: `CONN#${subscription.connectionId}`,
          gsi1sk: `ORDER#${subscription.orderId}`,
          ...subscription,
          expiresAt: epochSeconds(now) + 7200,
        },
      }),
    );
  }

  async subscribersOf(orderId: string): Promise<SubscriptionRecord[]> {
    const { Items } = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :p AND begins_with(sk, :c)",
        ExpressionAttributeValues: { ":p": `ORDER#${orderId}`, ":c": "CONN#" },
      }),
    );
    return (Items ?? []).map((item) => strip<SubscriptionRecord>(item));
  }

  async subscriptionsOfConnection(connectionId: string): Promise<SubscriptionRecord[]> {
    const { Items } = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :c",
        ExpressionAttributeValues: { ":c": `CONN#${connectionId}` },
      }),
    );
    return (Items ?? []).map((item) => strip<SubscriptionRecord>(item));
  }

  async unsubscribe(orderId: string, connectionId: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `ORDER#${orderId}`, sk: `CONN#${connectionId}` } }));
  }
}
