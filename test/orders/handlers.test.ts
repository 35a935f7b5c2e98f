import { GoneException } from "@aws-sdk/client-apigatewaymanagementapi";
import { S3Client } from "@aws-sdk/client-s3";
import { ExecutionAlreadyExists } from "@aws-sdk/client-sfn";
import type { SQSEvent } from "aws-lambda";
import { createServer } from "node:http";
import { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { makePresignedUrlHandler } from "../../apps/orders/functions/presigned-url";
import { makeProcessPaymentHandler, PAYMENT_LIMIT_CENTS } from "../../apps/orders/functions/process-payment";
import { pushStatus } from "../../apps/orders/functions/shared/push";
import { OrderRecord, OrdersRepository } from "../../apps/orders/functions/shared/repository";
import { secretFromLambdaExtension } from "../../apps/orders/functions/shared/secrets";
import { ALLOWED_SOURCES, canTransition, ORDER_STATUSES, TERMINAL_STATUSES } from "../../apps/orders/functions/shared/statuses";
import { reasonOf } from "../../apps/orders/functions/shared/workflow-types";
import { makeStartExecutionHandler } from "../../apps/orders/functions/start-execution";
import { makeWebhookDispatcherHandler, webhookBody } from "../../apps/orders/functions/webhook-dispatcher";
import { makeWsAuthorizerHandler } from "../../apps/orders/functions/ws-authorizer";
import { createLocalIssuer } from "../../apps/orders/local/local-issuer";
import type { HttpEvent } from "../../apps/orders/functions/shared/http";
import { fakeClient, fakeDeps, TEST_SETTINGS } from "./support/fake-deps";

const httpEvent = (body: unknown, sub = "alice"): HttpEvent =>
  ({
    body: JSON.stringify(body),
    headers: {},
    isBase64Encoded: false,
    requestContext: { requestId: "r1", authorizer: { jwt: { claims: { sub } } } },
  }) as unknown as HttpEvent;

describe("GeneratePresignedUrl", () => {
  const request = { contentType: "application/json", size: 1234, sha256: "a".repeat(64) };

  test("signs a PUT of exactly `size` bytes with the SSE-KMS pair as signed headers, no checksum, 300 s", async () => {
    const ddb = fakeClient();
    const response = await makePresignedUrlHandler(fakeDeps({ ddb }))(httpEvent(request));
    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body);
    const url = new URL(body.url);
    expect(url.host).toBe(`${TEST_SETTINGS.bucketName}.s3.eu-west-1.amazonaws.com`);
    expect(url.pathname).toBe(`/payloads/2026-11-21/00000000-0000-4000-8000-000000000001`);
    expect(url.searchParams.get("X-Amz-SignedHeaders")!.split(";")).toEqual([
      "content-length",
      "host",
      "x-amz-server-side-encryption",
      "x-amz-server-side-encryption-aws-kms-key-id",
    ]);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(body).toMatchObject({
      key: "payloads/2026-11-21/00000000-0000-4000-8000-000000000001",
      method: "PUT",
      headers: {
        "Content-Type": "application/json",
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id": TEST_SETTINGS.kmsKeyArn,
      },
      expiresAt: "2026-11-21T12:05:00.000Z",
    });
    expect(ddb.sent[0]).toMatchObject({
      name: "PutCommand",
      input: { Item: { pk: `UPLOAD#${body.key}`, customerId: "alice", size: 1234 } },
    });
  });

  test("the checksum check can fail: the SDK's default client bakes an empty-body CRC32 into the URL", async () => {
    const s3 = new S3Client({ region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
    const body = JSON.parse((await makePresignedUrlHandler(fakeDeps({ s3 }))(httpEvent(request))).body);
    expect([...new URL(body.url).searchParams.keys()].filter((k) => /checksum/i.test(k)).length).toBeGreaterThan(0);
  });

  test("401 without a caller; 400 naming every field; 413 over the limit", async () => {
    const handler = makePresignedUrlHandler(fakeDeps());
    const anonymous = { ...httpEvent(request), requestContext: { requestId: "r" } } as unknown as HttpEvent;
    expect((await handler(anonymous)).statusCode).toBe(401);
    const bad = await handler(httpEvent({ contentType: "image/png", size: -1, sha256: "x", extra: 1 }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).problems.map((p: { field: string }) => p.field)).toEqual(["extra", "contentType", "size", "sha256"]);
    expect((await handler(httpEvent({ ...request, size: 20 * 1024 * 1024 }))).statusCode).toBe(413);
  });
});

describe("ProcessPayment (simulated)", () => {
  const attempts = (n: number) => fakeClient({ UpdateCommand: () => ({ Attributes: { paymentAttempts: n } }) });
  const input = { orderId: "o1", amountCents: 2500, simulate: "none", idempotencyKey: "o1-payment" };

  test("approves with a payment id derived from the idempotency key", async () => {
    const first = await makeProcessPaymentHandler(fakeDeps({ ddb: attempts(1) }))(input);
    const again = await makeProcessPaymentHandler(fakeDeps({ ddb: attempts(2) }))(input);
    expect(first).toEqual({ outcome: "APPROVED", paymentId: expect.stringMatching(/^pay_[0-9a-f]{20}$/) });
    expect(again.paymentId).toBe(first.paymentId);
  });

  test("declines over USD 10,000 and on request; times out twice on request", async () => {
    await expect(
      makeProcessPaymentHandler(fakeDeps({ ddb: attempts(1) }))({ ...input, amountCents: PAYMENT_LIMIT_CENTS + 1 }),
    ).rejects.toMatchObject({ name: "PaymentDeclined" });
    await expect(
      makeProcessPaymentHandler(fakeDeps({ ddb: attempts(1) }))({ ...input, amountCents: PAYMENT_LIMIT_CENTS }),
    ).resolves.toMatchObject({ outcome: "APPROVED" });
    await expect(makeProcessPaymentHandler(fakeDeps({ ddb: attempts(1) }))({ ...input, simulate: "decline" })).rejects.toMatchObject({
      name: "PaymentDeclined",
    });
    await expect(
      makeProcessPaymentHandler(fakeDeps({ ddb: attempts(2) }))({ ...input, simulate: "gateway-timeout" }),
    ).rejects.toMatchObject({ name: "PaymentGatewayTimeout" });
    await expect(
      makeProcessPaymentHandler(fakeDeps({ ddb: attempts(3) }))({ ...input, simulate: "gateway-timeout" }),
    ).resolves.toMatchObject({ outcome: "APPROVED" });
  });
});

describe("status model", () => {
  test("terminal statuses are immutable; PROCESSING is the only self-loop", () => {
    for (const terminal of TERMINAL_STATUSES) for (const to of ORDER_STATUSES) expect(canTransition(terminal, to)).toBe(false);
    const selfLoops = ORDER_STATUSES.filter((s) => canTransition(s, s));
    expect(selfLoops).toEqual(["PROCESSING"]);
    expect(ALLOWED_SOURCES.SAVED).toEqual(["PROCESSING"]);
    expect(canTransition("RECEIVED", "COMPLETED")).toBe(false);
  });

  test("a transition is one conditional UpdateItem on the allowed sources", async () => {
    const ddb = fakeClient({ UpdateCommand: () => ({ Attributes: { pk: "ORDER#o1", sk: "ORDER", orderId: "o1", status: "SAVED" } }) });
    await new OrdersRepository(ddb as never, "t").transition("o1", "SAVED", new Date(0), { totalCents: 5 });
    expect(ddb.sent[0].input).toMatchObject({
      ConditionExpression: "attribute_exists(pk) AND #s IN (:s0)",
      ExpressionAttributeValues: { ":s0": "PROCESSING", ":to": "SAVED", ":x0": 5 },
    });
  });

  test("a repeated transition is not an error; an out-of-order one is", async () => {
    const failing = (status: string) =>
      fakeClient({
        UpdateCommand: () => {
          throw Object.assign(new Error("condition"), { name: "ConditionalCheckFailedException" });
        },
        GetCommand: () => ({ Item: { pk: "ORDER#o1", orderId: "o1", status } }),
      });
    await expect(new OrdersRepository(failing("SAVED") as never, "t").transition("o1", "SAVED", new Date())).resolves.toMatchObject({
      changed: false,
    });
    await expect(new OrdersRepository(failing("COMPLETED") as never, "t").transition("o1", "SAVED", new Date())).rejects.toThrow(
      "order o1 cannot go from COMPLETED to SAVED",
    );
  });
});

describe("StartExecution (SQS trigger)", () => {
  const claim = {
    schema_version: "1.0",
    inline: { encoding: "base64", data: "e30=" },
    size: 2,
    sha256: "a".repeat(64),
    content_type: "application/json",
    metadata: { submitted_by: "t", timestamp: "2026-01-01T00:00:00Z", order_id: "o1" },
  };
  const event = (body: string, messageId = "m1") => ({ Records: [{ messageId, body }] }) as unknown as SQSEvent;
  const ddb = () =>
    fakeClient({ UpdateCommand: () => ({ Attributes: { orderId: "o1", status: "PROCESSING" } }), QueryCommand: () => ({ Items: [] }) });

  test("names the execution after the SQS message id, with the claim as input", async () => {
    const sfn = fakeClient();
    expect(await makeStartExecutionHandler(fakeDeps({ ddb: ddb(), sfn }))(event(JSON.stringify(claim)))).toEqual({ batchItemFailures: [] });
    expect(sfn.sent[0].input).toMatchObject({ stateMachineArn: TEST_SETTINGS.stateMachineArn, name: "m1" });
    expect(JSON.parse(sfn.sent[0].input.input as string)).toEqual({ orderId: "o1", messageId: "m1", requestId: "m1", claim });
  });

  test("ExecutionAlreadyExists (a redelivery) is success; a malformed claim or an SFN failure is a batch item failure", async () => {
    const exists = fakeClient({
      StartExecutionCommand: () => {
        throw new ExecutionAlreadyExists({ message: "exists", $metadata: {} });
      },
    });
    expect(await makeStartExecutionHandler(fakeDeps({ ddb: ddb(), sfn: exists }))(event(JSON.stringify(claim)))).toEqual({
      batchItemFailures: [],
    });
    const down = fakeClient({
      StartExecutionCommand: () => {
        throw new Error("throttled");
      },
    });
    expect(await makeStartExecutionHandler(fakeDeps({ ddb: ddb(), sfn: down }))(event(JSON.stringify(claim)))).toEqual({
      batchItemFailures: [{ itemIdentifier: "m1" }],
    });
    expect(await makeStartExecutionHandler(fakeDeps({ ddb: ddb() }))(event("{}", "bad"))).toEqual({
      batchItemFailures: [{ itemIdentifier: "bad" }],
    });
  });
});

describe("WebhookDispatcher", () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const record = (messageId: string, receiveCount = "1") => ({
    messageId,
    body: JSON.stringify({ orderId: "o1", messageId: "m1", status: "COMPLETED" }),
    attributes: { SentTimestamp: "1700000000000", ApproximateReceiveCount: receiveCount },
  });

  test("signs Standard Webhooks that a subscriber verifies; the webhook-id is stable across retries", async () => {
    const requests: { headers: Record<string, string>; body: string }[] = [];
    const fetch = jest.fn(async (_url: string, init: { headers: Record<string, string>; body: string }) => {
      requests.push(init);
      return { ok: true, status: 204 };
    });
    const handler = makeWebhookDispatcherHandler(fakeDeps({ fetch, now: () => new Date() }));
    await handler({ Records: [record("q1")] } as unknown as SQSEvent);
    await handler({ Records: [record("q1", "2")] } as unknown as SQSEvent);
    const verified = new Webhook(secret).verify(requests[0].body, requests[0].headers) as { type: string; data: { status: string } };
    expect(verified).toMatchObject({ type: "order.completed", data: { status: "COMPLETED" } });
    expect(requests[0].headers["webhook-id"]).toBe(requests[1].headers["webhook-id"]);
    expect(() => new Webhook(secret).verify(requests[0].body.replace("COMPLETED", "FAILED"), requests[0].headers)).toThrow();
    expect(JSON.stringify(webhookBody({ orderId: "o1", messageId: "m1", status: "COMPLETED" }, "t"))).not.toMatch(/payload|https?:/);
  });

  test("a receiver error fails only that record (SQS retries it, then dead-letters it)", async () => {
    const fetch = jest.fn(async () => ({ ok: false, status: 500 }));
    const result = await makeWebhookDispatcherHandler(fakeDeps({ fetch }))({ Records: [record("q1")] } as unknown as SQSEvent);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "q1" }] });
  });
});

describe("WebSocket authorizer and pushes", () => {
  test("accepts the issuer's tokens, refuses others with Unauthorized", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const issuer = await createLocalIssuer(`${origin}/issuer`);
    const stranger = await createLocalIssuer(`${origin}/issuer`);
    server.on("request", (_req, res) => res.end(JSON.stringify(issuer.jwks)));
    try {
      const settings = { ...TEST_SETTINGS, jwtIssuer: issuer.issuer, jwtAudience: issuer.audience, jwksUri: `${origin}/jwks` };
      const handler = makeWsAuthorizerHandler(fakeDeps({ settings }));
      const event = (token?: string) =>
        ({
          type: "REQUEST",
          methodArn: "arn:aws:execute-api:eu-west-1:1:api/live/$connect",
          queryStringParameters: token ? { token } : {},
        }) as never;
      const allowed = await handler(event((await issuer.token("alice")).token));
      expect(allowed).toMatchObject({
        principalId: "alice",
        policyDocument: { Statement: [{ Effect: "Allow", Action: "execute-api:Invoke" }] },
      });
      await expect(handler(event((await stranger.token("mallory")).token))).rejects.toThrow("Unauthorized");
      await expect(handler(event("garbage"))).rejects.toThrow("Unauthorized");
      await expect(handler(event())).rejects.toThrow("Unauthorized");
    } finally {
      server.close();
    }
  });

  test("a GoneException unsubscribes the vanished connection; other subscribers still get the status", async () => {
    const ddb = fakeClient({ QueryCommand: () => ({ Items: [{ connectionId: "gone" }, { connectionId: "here" }] }) });
    const connections = fakeClient({
      PostToConnectionCommand: (command) => {
        if (command.input.ConnectionId === "gone") throw new GoneException({ message: "gone", $metadata: {} });
        return {};
      },
    });
    const order = { orderId: "o1", messageId: "m1", status: "SAVED", updatedAt: "t" } as OrderRecord;
    await pushStatus(new OrdersRepository(ddb as never, "t"), connections as never, fakeDeps().logger, order);
    expect(ddb.sent.filter((c) => c.name === "DeleteCommand").map((c) => c.input.Key)).toEqual([{ pk: "ORDER#o1", sk: "CONN#gone" }]);
    expect(JSON.parse(Buffer.from(connections.sent[1].input.Data as Uint8Array).toString())).toEqual({
      type: "status",
      orderId: "o1",
      messageId: "m1",
      status: "SAVED",
      at: "t",
    });
  });
});

test("errors caught by the workflow read as one sentence", () => {
  expect(
    reasonOf({ Error: "PaymentDeclined", Cause: JSON.stringify({ errorType: "PaymentDeclined", errorMessage: "over the limit" }) }),
  ).toBe("PaymentDeclined: over the limit");
  expect(reasonOf({ Error: "States.Timeout", Cause: "took too long" })).toBe("States.Timeout: took too long");
});

test("the webhook secret is read through the Lambda secrets extension with the session token", async () => {
  process.env.AWS_SESSION_TOKEN = "session";
  const fetch = jest.fn(async () => ({ ok: true, json: async () => ({ SecretString: "whsec_x" }) }));
  expect(await secretFromLambdaExtension("orders/secret", fetch as never)).toBe("whsec_x");
  expect(fetch).toHaveBeenCalledWith("http://localhost:2773/secretsmanager/get?secretId=orders%2Fsecret", {
    headers: { "X-Aws-Parameters-Secrets-Token": "session" },
  });
  delete process.env.AWS_SESSION_TOKEN;
});
