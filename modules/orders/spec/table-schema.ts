/** The orders table's keys and indexes (pure data: the construct and the local runtime both build from it). */
export const ORDERS_TABLE_SCHEMA = {
  hashKey: "pk",
  rangeKey: "sk",
  attributes: ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"],
  /** gsi1: order by SQS message id, subscriptions by connection id. gsi2: a customer's orders by time. */
  indexes: [
    { name: "gsi1", hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    { name: "gsi2", hashKey: "gsi2pk", rangeKey: "gsi2sk" },
  ],
  ttlAttribute: "expiresAt",
} as const;
