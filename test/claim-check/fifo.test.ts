import { resourceById, synthClaimCheck } from "../support/synth";

describe("GIVEN fifo: true", () => {
  const stack = synthClaimCheck({ fifo: true, contentBasedDeduplication: true });
  const queue = resourceById(stack, "aws_sqs_queue", "Queue");
  const dlq = resourceById(stack, "aws_sqs_queue", "DeadLetterQueue");

  test("THEN both queues are FIFO, with the .fifo suffix (a DLQ must match its source's type)", () => {
    expect(queue).toMatchObject({ name: "orders-claims.fifo", fifo_queue: true, content_based_deduplication: true });
    expect(dlq).toMatchObject({ name: "orders-claims-dlq.fifo", fifo_queue: true, content_based_deduplication: true });
  });

  test("THEN FIFO queues keep every other secure setting", () => {
    for (const q of [queue, dlq]) {
      expect(q.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
      expect(q.max_message_size).toBe(1_048_576);
    }
    expect(JSON.parse(queue.redrive_policy).maxReceiveCount).toBe(5);
  });

  test("THEN payloads live for main + DLQ retention (the FIFO DLQ restarts the clock) + redrive + margin", () => {
    const lifecycle = resourceById(stack, "aws_s3_bucket_lifecycle_configuration", "PayloadBucketLifecycle");
    expect(lifecycle.rule[1].expiration).toEqual([{ days: 4 + 14 + 4 + 1 }]);
  });
});

test("content-based deduplication defaults to off on FIFO queues", () => {
  const stack = synthClaimCheck({ fifo: true });
  expect(resourceById(stack, "aws_sqs_queue", "Queue").content_based_deduplication).toBe(false);
});
