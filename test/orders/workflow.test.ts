import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import { LocalStepFunctions } from "../../apps/orders/local/step-functions";
import { PaymentDeclined, PaymentGatewayTimeout } from "../../apps/orders/functions/shared/workflow-types";
import { ChecksumMismatchError } from "../../client";
import { orderWorkflowDefinition, PAYMENT_RETRY } from "../../modules/orders/spec/workflow-definition";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- asl-validator ships CommonJS without types
const validateAsl = require("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };

const ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:orders-test";
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const targets = {
  saveOrderFunctionArn: fn("save"),
  processPaymentFunctionArn: fn("pay"),
  updateOrderFunctionArn: fn("update"),
  failOrderFunctionArn: fn("fail"),
  orderEventsTopicArn: "arn:aws:sns:us-east-1:000000000000:events",
};
const STATE_DATA_LIMIT = 262_144;

type Call = { role: string; payload: Record<string, unknown> };

/** Runs one execution with scripted Lambda behaviours, recording every call, publish and delete. */
async function run(claim: Record<string, unknown>, behaviour: { save?: (n: number) => unknown; pay?: (n: number) => unknown } = {}) {
  const calls: Call[] = [];
  const commands: { name: string; input: Record<string, unknown> }[] = [];
  const count = (role: string) => calls.filter((c) => c.role === role).length;
  const record = (role: string, result: (n: number) => unknown) => async (payload: never) => {
    calls.push({ role, payload });
    const outcome = result(count(role));
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const fake = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => (
      commands.push({ name: command.constructor.name, input: command.input }),
      { MessageId: "m" }
    ),
  };
  const stepFunctions = new LocalStepFunctions({
    stateMachineArn: ARN,
    targets,
    functions: {
      saveOrder: record(
        "save",
        behaviour.save ?? (() => ({ status: "SAVED", totalCents: 2500, lineCount: 1, simulate: "none", payload: {} })),
      ),
      processPayment: record("pay", behaviour.pay ?? (() => ({ outcome: "APPROVED", paymentId: "pay_1" }))),
      updateOrder: record("update", () => ({
        status: "COMPLETED",
        totalCents: 2500,
        event: { orderId: "o1", messageId: "m1", status: "COMPLETED" },
      })),
      failOrder: record("fail", () => ({ status: "FAILED", event: { orderId: "o1", messageId: "m1", status: "FAILED" } })),
    },
    s3: fake as unknown as S3Client,
    sns: fake as unknown as SNSClient,
  });
  const input = JSON.stringify({ orderId: "o1", messageId: "m1", requestId: "r1", claim });
  const execution = stepFunctions.startExecution(ARN, "m1", input);
  await execution.done;
  return { execution, calls, commands, count };
}

const inlineClaim = (bytes = 100) => ({
  schema_version: "1.0",
  inline: { encoding: "base64", data: Buffer.alloc(bytes, 97).toString("base64") },
  size: bytes,
  sha256: "a".repeat(64),
  content_type: "application/json",
  metadata: { submitted_by: "t", timestamp: "2026-01-01T00:00:00Z", order_id: "o1" },
});
const s3Claim = (versionId?: string) => ({
  schema_version: "1.0",
  s3_bucket: "bucket-1",
  s3_key: "payloads/2026-01-01/k",
  ...(versionId ? { version_id: versionId } : {}),
  size: 10,
  sha256: "a".repeat(64),
  content_type: "application/json",
  metadata: { submitted_by: "t", timestamp: "2026-01-01T00:00:00Z", order_id: "o1" },
});

test("the definition is valid ASL (asl-validator) and every Lambda task retries transient Lambda errors", () => {
  const definition = orderWorkflowDefinition(targets);
  const result = validateAsl(JSON.parse(JSON.stringify(definition)));
  expect(result.errorsText("\n")).toBe("");
  expect(result.isValid).toBe(true);
  for (const state of ["SaveOrder", "ProcessPayment", "UpdateOrder", "MarkFailed"] as const) {
    expect(JSON.stringify(definition.States[state].Retry)).toContain("Lambda.ServiceException");
  }
  expect(definition.States.ProcessPayment.Retry).toContainEqual({ ErrorEquals: ["PaymentGatewayTimeout"], ...PAYMENT_RETRY });
});

test("asl-validator catches a broken definition (the check can fail)", () => {
  const broken = JSON.parse(JSON.stringify(orderWorkflowDefinition(targets)));
  broken.States.SaveOrder.Next = "NoSuchState";
  expect(validateAsl(broken).isValid).toBe(false);
});

test("ok: an inline claim is saved, paid, updated and published; nothing to delete", async () => {
  const { execution, calls, commands } = await run(inlineClaim());
  expect(execution.status).toBe("SUCCEEDED");
  expect(calls.map((c) => c.role)).toEqual(["save", "pay", "update"]);
  expect(calls[0].payload).toMatchObject({
    orderId: "o1",
    messageId: "m1",
    executionArn: `${ARN.replace(":stateMachine:", ":execution:")}:m1`,
  });
  expect(calls[1].payload).toEqual({ orderId: "o1", amountCents: 2500, simulate: "none", idempotencyKey: "o1-payment" });
  expect(commands.map((c) => c.name)).toEqual(["PublishCommand"]);
  expect(JSON.parse(commands[0].input.Message as string)).toEqual({ orderId: "o1", messageId: "m1", status: "COMPLETED" });
  expect(commands[0].input.MessageAttributes).toEqual({ eventType: { DataType: "String", StringValue: "order.COMPLETED" } });
});

test("retried then ok: two gateway timeouts, then the payment succeeds", async () => {
  const { execution, count, calls } = await run(inlineClaim(), {
    pay: (n) => (n <= 2 ? new PaymentGatewayTimeout(`attempt ${n}`) : { outcome: "APPROVED", paymentId: "pay_2" }),
  });
  expect(execution.status).toBe("SUCCEEDED");
  expect(count("pay")).toBe(3);
  expect(calls.find((c) => c.role === "update")!.payload).toMatchObject({ payment: { outcome: "APPROVED", paymentId: "pay_2" } });
});

test("a transient Lambda service error is retried", async () => {
  const { execution, count } = await run(inlineClaim(), {
    save: (n) =>
      n === 1
        ? Object.assign(new Error("throttled"), { name: "Lambda.ServiceException" })
        : { status: "SAVED", totalCents: 1, lineCount: 1, simulate: "none", payload: {} },
  });
  expect(execution.status).toBe("SUCCEEDED");
  expect(count("save")).toBe(2);
});

test("timeouts beyond the retry budget fail the order", async () => {
  const { execution, count, calls } = await run(inlineClaim(), { pay: () => new PaymentGatewayTimeout("down") });
  expect(execution.status).toBe("FAILED");
  expect(count("pay")).toBe(PAYMENT_RETRY.MaxAttempts + 1);
  expect(calls.at(-1)).toMatchObject({ role: "fail", payload: { error: { Error: "PaymentGatewayTimeout" } } });
});

test("declined: the decline is caught and UpdateOrder receives it", async () => {
  const { execution, calls, count } = await run(inlineClaim(), { pay: () => new PaymentDeclined("over the limit") });
  expect(execution.status).toBe("SUCCEEDED");
  expect(count("pay")).toBe(1);
  const update = calls.find((c) => c.role === "update")!;
  expect(update.payload.payment).toMatchObject({ Error: "PaymentDeclined" });
  expect(JSON.parse((update.payload.payment as { Cause: string }).Cause)).toEqual({
    errorType: "PaymentDeclined",
    errorMessage: "over the limit",
  });
});

test("checksum mismatch: SaveOrder fails, MarkFailed runs, the failure is published, the execution fails, the payload is kept", async () => {
  const mismatch = new ChecksumMismatchError({ size: 10, sha256: "a".repeat(64) }, { size: 10, sha256: "b".repeat(64) });
  const { execution, calls, commands } = await run(s3Claim(), { save: () => mismatch });
  expect(execution.status).toBe("FAILED");
  expect(execution.error).toBe("OrderFailed");
  expect(calls.map((c) => c.role)).toEqual(["save", "fail"]);
  expect(calls[1].payload.error).toMatchObject({ Error: "ChecksumMismatchError" });
  expect(commands.map((c) => c.name)).toEqual(["PublishCommand"]);
  expect(JSON.parse(commands[0].input.Message as string).status).toBe("FAILED");
});

const savedWith = (payload: Record<string, string>) => () => ({
  status: "SAVED",
  totalCents: 2500,
  lineCount: 1,
  simulate: "none",
  payload,
});

test("payload over the inline limit (an S3 claim): the location SaveOrder verified is deleted after publishing; with its version on versioned buckets", async () => {
  const unversioned = await run(s3Claim(), { save: savedWith({ bucket: "bucket-1", key: "payloads/2026-01-01/k" }) });
  expect(unversioned.commands.map((c) => c.name)).toEqual(["PublishCommand", "DeleteObjectCommand"]);
  expect(unversioned.commands[1].input).toEqual({ Bucket: "bucket-1", Key: "payloads/2026-01-01/k", VersionId: undefined });
  const versioned = await run(s3Claim("v-42"), {
    save: savedWith({ bucket: "bucket-1", key: "payloads/2026-01-01/k", versionId: "v-42" }),
  });
  expect(versioned.commands[1].input).toEqual({ Bucket: "bucket-1", Key: "payloads/2026-01-01/k", VersionId: "v-42" });
  expect(versioned.execution.status).toBe("SUCCEEDED");
});

test("the delete step never reads the claim: an S3 claim SaveOrder did not vouch for deletes nothing", async () => {
  const { execution, commands } = await run(s3Claim("v-42"), { save: savedWith({}) });
  expect(execution.status).toBe("SUCCEEDED");
  expect(commands.map((c) => c.name)).toEqual(["PublishCommand"]);
  const definition = JSON.stringify(orderWorkflowDefinition(targets).States, (key, value) => (key === "SaveOrder" ? undefined : value));
  expect(definition).not.toContain("$.claim");
});

test("a refused claim (foreign bucket) ends FAILED with the reason, and nothing is deleted", async () => {
  const refused = Object.assign(new Error('claim refused: bucket "other" is not the payload bucket "bucket-1"'), { name: "ClaimRefused" });
  const { execution, calls, commands } = await run({ ...s3Claim(), s3_bucket: "other" }, { save: () => refused });
  expect(execution.status).toBe("FAILED");
  expect(calls.map((c) => c.role)).toEqual(["save", "fail"]);
  expect(calls[1].payload.error).toMatchObject({ Error: "ClaimRefused" });
  expect(commands.map((c) => c.name)).toEqual(["PublishCommand"]);
});

test("state data stays far below 256 KiB for the largest inline claim (64 KiB): results are trimmed", async () => {
  const { execution, calls } = await run(inlineClaim(64 * 1024));
  expect(execution.status).toBe("SUCCEEDED");
  const largest = Math.max(Buffer.byteLength(execution.input), ...calls.map((c) => Buffer.byteLength(JSON.stringify(c.payload))));
  expect(largest).toBeLessThan(STATE_DATA_LIMIT / 2);
});
