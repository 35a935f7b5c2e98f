import { Logger } from "@aws-lambda-powertools/logger";
import { SNSClient } from "@aws-sdk/client-sns";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { join } from "node:path";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../../scripts/local/local-claim-check";
import { startEmulator } from "../../../scripts/local/emulator";
import { makeCreateOrderHandler } from "../functions/create-order";
import { makeFailOrderHandler } from "../functions/fail-order";
import { makeGetOrderHandler } from "../functions/get-order";
import { makePresignedUrlHandler } from "../functions/presigned-url";
import { makeProcessPaymentHandler } from "../functions/process-payment";
import { makeSaveOrderHandler } from "../functions/save-order";
import { createJwtVerifier } from "../functions/shared/auth";
import { createSdkClients, OrdersDeps } from "../functions/shared/deps";
import { OrdersSettings, DEFAULT_INLINE_THRESHOLD, DEFAULT_MAX_ORDER_BODY, DEFAULT_MAX_UPLOAD } from "../functions/shared/settings";
import { makeStartExecutionHandler } from "../functions/start-execution";
import { makeUpdateOrderHandler } from "../functions/update-order";
import { makeWebhookDispatcherHandler } from "../functions/webhook-dispatcher";
import { makeWsAuthorizerHandler } from "../functions/ws-authorizer";
import { makeWsConnectHandler } from "../functions/ws-connect";
import { makeWsDisconnectHandler } from "../functions/ws-disconnect";
import { makeWsSubscribeHandler } from "../functions/ws-subscribe";
import { HttpRoutes, isApiPath, matchRoute, toHttpEvent } from "./http-api";
import { createLocalIssuer, localIssuerKeys } from "./local-issuer";
import { startLocalDynamo } from "./dynamo";
import { createLocalOrdersResources, LocalOrdersResources } from "./resources";
import { BodyTooLargeError, readBody } from "./request-body";
import { checkPresignedUpload, UploadGatePolicy } from "./s3-upload-gate";
import { SqsTrigger } from "./sqs-trigger";
import { serveStatic } from "./static-files";
import { LocalStepFunctions } from "./step-functions";
import { WebhookSink } from "./webhook-sink";
import { LocalWebSocketApi } from "./websocket";

export interface OrdersLocalOptions {
  /** Port of the gateway (web page, HTTP API, WebSocket). @default 0 (a random free port) */
  readonly port?: number;
  /** Folder of the built web page. @default apps/orders/web/dist */
  readonly webDir?: string;
  /** Accept API calls and WebSocket connections without a token (as "anonymous"). @default false */
  readonly allowAnonymous?: boolean;
  /** Log level of the handlers' JSON logs. @default "WARN" */
  readonly logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";
  /** Pause between workflow retries, in ms (the definition says seconds). @default 0 */
  readonly retryIntervalMs?: number;
  /** Orders up to this many bytes travel inline. @default 65536 */
  readonly inlineThresholdBytes?: number;
  /** Webhook outbox: visibility timeout (retry delay) and receives before the DLQ. @default 1 s, 3 */
  readonly outboxVisibilityTimeoutSeconds?: number;
  readonly outboxMaxReceiveCount?: number;
  /**
   * The local issuer's RSA private key (PEM): tokens it signed stay valid across restarts.
   * @default ORDERS_LOCAL_ISSUER_KEY, else a new key at each start
   */
  readonly issuerKey?: string;
}

/** The running local application. `url`, `wsUrl` and `stop()` are the contract; the rest is for tests. */
export interface OrdersLocal {
  readonly url: string;
  readonly wsUrl: string;
  stop(): Promise<void>;
  /** A token of the local issuer for a subject. */
  token(sub?: string): Promise<string>;
  readonly deps: OrdersDeps;
  readonly resources: LocalOrdersResources & { tableName: string; emulatorEndpoint: string };
  readonly stepFunctions: LocalStepFunctions;
  readonly webSocket: LocalWebSocketApi;
  readonly webhooks: WebhookSink;
  readonly claimTrigger: SqsTrigger;
  readonly outboxTrigger: SqsTrigger;
}

const STAGE = "local";
const fn = (name: string) => `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:orders-local-${name}`;

/** CORS for the gateway's own origin only (the web page it serves), never `*`. */
const corsFor = (origin: string) => ({
  "access-control-allow-origin": origin,
  vary: "origin",
  "access-control-allow-methods": "GET,POST,PUT,OPTIONS",
  "access-control-allow-headers":
    "authorization,content-type,idempotency-key,x-amz-server-side-encryption,x-amz-server-side-encryption-aws-kms-key-id",
  "access-control-expose-headers": "etag,idempotent-replayed",
});

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/**
 * Starts the whole orders application on loopback: fauxqs (S3/SQS/SNS, child process), dynalite, the
 * workflow interpreter on the deployed definition, and thin stand-ins for the HTTP API, the WebSocket API
 * (+ @connections), the SQS triggers and a webhook receiver, all calling the same handler modules.
 */
export async function startOrdersLocal(options: OrdersLocalOptions = {}): Promise<OrdersLocal> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    return await start(options, cleanups, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function start(
  options: OrdersLocalOptions,
  cleanups: (() => Promise<unknown>)[],
  stopAll: () => Promise<void>,
): Promise<OrdersLocal> {
  const issuerKeys = localIssuerKeys(options.issuerKey); // first: a bad key fails before anything starts
  const logLevel = options.logLevel ?? "WARN";
  const report = (error: unknown) => {
    if (logLevel !== "SILENT" && logLevel !== "ERROR") console.error("[orders-local]", error);
  };
  const emulator = await startEmulator();
  cleanups.push(() => emulator.stop());
  const tableName = "orders-local";
  const dynamo = await startLocalDynamo(tableName, LOCAL_CREDENTIALS, LOCAL_REGION);
  cleanups.push(() => dynamo.stop());
  const resources = await createLocalOrdersResources(emulator.endpoint, {
    claimVisibilityTimeoutSeconds: 2,
    outboxVisibilityTimeoutSeconds: options.outboxVisibilityTimeoutSeconds ?? 1,
    outboxMaxReceiveCount: options.outboxMaxReceiveCount ?? 3,
  });

  const gateway = createServer();
  const awsShim = createServer();
  cleanups.push(
    () => close(gateway),
    () => close(awsShim),
  );
  const port = await listen(gateway, options.port ?? 0);
  const awsPort = await listen(awsShim, 0);
  const origin = `http://127.0.0.1:${port}`;
  const CORS = corsFor(origin);
  const awsEndpoint = `http://127.0.0.1:${awsPort}`;
  const issuer = await createLocalIssuer(`${origin}/_local`, undefined, issuerKeys);
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:000000000000:stateMachine:orders-local`;

  const settings: OrdersSettings = {
    region: LOCAL_REGION,
    tableName,
    bucketName: resources.bucketName,
    payloadPrefix: resources.payloadPrefix,
    queueUrl: resources.queueUrl,
    kmsKeyArn: resources.kmsKeyArn,
    maxMessageSize: resources.maxMessageSize,
    stateMachineArn,
    connectionsEndpoint: `${awsEndpoint}/${STAGE}`,
    inlineThresholdBytes: options.inlineThresholdBytes ?? DEFAULT_INLINE_THRESHOLD,
    maxOrderBodyBytes: DEFAULT_MAX_ORDER_BODY,
    maxUploadBytes: DEFAULT_MAX_UPLOAD,
    uploadUrlTtlSeconds: 300,
    allowAnonymous: options.allowAnonymous ?? false,
    jwtIssuer: issuer.issuer,
    jwtAudience: issuer.audience,
    jwksUri: `${origin}/.well-known/jwks.json`,
    webhookUrls: [`${origin}/_local/webhook-sink`],
    webhookSecretId: "local",
  };
  const clients = createSdkClients({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: emulator.endpoint,
    dynamoEndpoint: dynamo.endpoint,
    sfnEndpoint: awsEndpoint,
    connectionsEndpoint: settings.connectionsEndpoint,
  });
  const sns = new SNSClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: emulator.endpoint });
  cleanups.push(async () => [clients.ddb, clients.s3, clients.sqs, clients.sfn, clients.connections, sns].forEach((c) => c.destroy()));
  const deps: OrdersDeps = {
    settings,
    ...clients,
    logger: new Logger({ serviceName: "orders-local", logLevel }),
    now: () => new Date(),
    newId: randomUUID,
    webhookSecret: async () => webhookSecret,
    fetch,
  };

  const routes: HttpRoutes = {
    presignedUrl: makePresignedUrlHandler(deps),
    createOrder: makeCreateOrderHandler(deps),
    getOrder: makeGetOrderHandler(deps),
  };
  const stepFunctions = new LocalStepFunctions({
    stateMachineArn,
    targets: {
      saveOrderFunctionArn: fn("save-order"),
      processPaymentFunctionArn: fn("process-payment"),
      updateOrderFunctionArn: fn("update-order"),
      failOrderFunctionArn: fn("fail-order"),
      orderEventsTopicArn: resources.topicArn,
    },
    functions: {
      saveOrder: makeSaveOrderHandler(deps) as never,
      processPayment: makeProcessPaymentHandler(deps) as never,
      updateOrder: makeUpdateOrderHandler(deps) as never,
      failOrder: makeFailOrderHandler(deps) as never,
    },
    s3: clients.s3,
    sns,
    retryIntervalMs: options.retryIntervalMs ?? 0,
  });
  // unref: once the workflows are idle, the rest of the 2 s must not keep the process alive.
  cleanups.push(() => Promise.race([stepFunctions.idle(), new Promise((r) => setTimeout(r, 2000).unref())]));
  const webSocket = new LocalWebSocketApi(
    {
      authorizer: makeWsAuthorizerHandler(deps),
      connect: makeWsConnectHandler(deps),
      disconnect: makeWsDisconnectHandler(deps),
      subscribe: makeWsSubscribeHandler(deps),
    },
    report,
  );
  cleanups.push(() => webSocket.stop());
  const webhooks = new WebhookSink(webhookSecret);
  const verify = createJwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: settings.jwksUri });
  const webDir = options.webDir ?? join(__dirname, "..", "web", "dist");

  awsShim.on("request", async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request).catch((error: Error) => error);
    if (body instanceof Error) {
      response.writeHead(body instanceof BodyTooLargeError ? 413 : 400, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: body.message }));
      return;
    }
    if ((request.url ?? "").includes("/@connections/")) webSocket.handleConnections(request, response, body);
    else await stepFunctions.handle(request, response, body.toString("utf8"));
  });

  gateway.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", origin).pathname !== "/live") {
      socket.destroy();
      return;
    }
    webSocket.upgrade(request, socket, head).catch((error) => {
      report(error);
      socket.destroy();
    });
  });

  const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { "content-type": "application/json", ...CORS, ...headers });
    response.end(JSON.stringify(body));
  };

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const matched = matchRoute(request.method ?? "GET", url.pathname);
    if (!matched) return sendJson(response, 404, { error: `No route ${request.method} ${url.pathname}.`, problems: [] });
    const authorization = request.headers.authorization;
    let claims: Record<string, unknown> | undefined;
    if (authorization?.startsWith("Bearer ")) {
      try {
        claims = await verify(authorization.slice("Bearer ".length).trim());
      } catch (error) {
        return sendJson(response, 401, {
          error: `Unauthorized: the bearer token was rejected (${(error as Error).message}).`,
          problems: [{ field: "Authorization", message: "must carry a valid token of the configured issuer" }],
        });
      }
    } else if (!settings.allowAnonymous) {
      return sendJson(response, 401, {
        error: "Unauthorized: an Authorization: Bearer <JWT> header is required.",
        problems: [{ field: "Authorization", message: "is missing" }],
      });
    }
    const body = (await readBody(request)).toString("utf8");
    const event = toHttpEvent(request, url, matched.route.routeKey, body, claims, matched.pathParameters);
    const result = await routes[matched.route.handler](event);
    if (matched.route.handler === "presignedUrl" && result.statusCode === 201) {
      // Browsers upload through the same-origin /_s3 proxy (the emulator has no CORS).
      const payload = JSON.parse(result.body);
      payload.url = String(payload.url).replace(emulator.endpoint, `${origin}/_s3`);
      result.body = JSON.stringify(payload);
    }
    response.writeHead(result.statusCode, { ...CORS, ...result.headers });
    response.end(result.body);
  }

  const uploadGate: UploadGatePolicy = {
    bucket: resources.bucketName,
    prefix: resources.payloadPrefix,
    kmsKeyArn: resources.kmsKeyArn,
    signedEndpoint: emulator.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    now: () => new Date(),
  };

  /** The browser's same-origin way to S3: only presigned PUTs of the orders API (the emulator checks no signature). */
  async function proxyS3(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const pathAndQuery = `${url.pathname.slice("/_s3".length)}${url.search}`;
    const refusal = await checkPresignedUpload(uploadGate, request.method ?? "GET", pathAndQuery, request.headers);
    if (refusal) {
      request.resume(); // drain without keeping the body
      return sendJson(response, refusal.status, {
        error: "The local S3 proxy accepts only presigned uploads of the orders API.",
        ...refusal,
      });
    }
    const body = await readBody(request, settings.maxUploadBytes);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && (key === "content-type" || key.startsWith("x-amz-") || key === "content-md5")) headers[key] = value;
    }
    const upstream = await fetch(`${emulator.endpoint}${pathAndQuery}`, { method: "PUT", headers, body: new Uint8Array(body) });
    const out: Record<string, string> = { ...CORS };
    for (const name of ["etag", "content-type", "x-amz-version-id"]) {
      const value = upstream.headers.get(name);
      if (value) out[name] = value;
    }
    response.writeHead(upstream.status, out);
    response.end(Buffer.from(await upstream.arrayBuffer()));
  }

  gateway.on("request", async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", origin);
    try {
      if (request.method === "OPTIONS") {
        response.writeHead(204, CORS);
        return response.end();
      }
      if (url.pathname.startsWith("/_s3/")) return await proxyS3(request, response, url);
      if (url.pathname === "/config.json")
        return sendJson(response, 200, {
          apiUrl: origin,
          wsUrl: `ws://127.0.0.1:${port}/live`,
          auth: { mode: "local", tokenUrl: "/_local/token" },
        });
      if (url.pathname === "/.well-known/jwks.json") return sendJson(response, 200, issuer.jwks);
      if (url.pathname === "/_local/token" && request.method === "POST") {
        const raw = (await readBody(request)).toString("utf8");
        let sub: unknown;
        try {
          sub = raw ? JSON.parse(raw).sub : undefined;
        } catch {
          return sendJson(response, 400, {
            error: 'The body must be JSON like {"sub":"alice"}.',
            problems: [{ field: "body", message: "is not JSON" }],
          });
        }
        if (sub !== undefined && (typeof sub !== "string" || sub.length < 1 || sub.length > 128)) {
          return sendJson(response, 400, {
            error: "sub must be a string of 1 to 128 characters.",
            problems: [{ field: "sub", message: `must be a string of 1 to 128 characters, but ${JSON.stringify(sub)} was given` }],
          });
        }
        return sendJson(response, 200, await issuer.token(sub as string | undefined));
      }
      if (url.pathname === "/_local/webhooks" && request.method === "GET")
        return sendJson(response, 200, { deliveries: webhooks.deliveries });
      if (url.pathname === "/_local/webhook-sink" && request.method === "POST") {
        const status = webhooks.receive(request.headers, (await readBody(request)).toString("utf8"));
        response.writeHead(status, CORS);
        return response.end();
      }
      if (isApiPath(url.pathname)) return await api(request, response, url);
      if (request.method === "GET" || request.method === "HEAD") return serveStatic(webDir, url.pathname, response);
      sendJson(response, 404, { error: `No route ${request.method} ${url.pathname}.`, problems: [] });
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        request.resume();
        response.setHeader("connection", "close");
        return sendJson(response, 413, { error: error.message, problems: [{ field: "body", message: error.message }] });
      }
      report(error);
      if (!response.headersSent) sendJson(response, 500, { error: "The local gateway failed to process the request.", problems: [] });
      else response.end();
    }
  });

  const claimTrigger = new SqsTrigger(clients.sqs, resources.queueUrl, makeStartExecutionHandler(deps), LOCAL_REGION, report);
  const outboxTrigger = new SqsTrigger(clients.sqs, resources.outboxUrl, makeWebhookDispatcherHandler(deps), LOCAL_REGION, report);
  await claimTrigger.start();
  await outboxTrigger.start();
  cleanups.push(() => Promise.all([claimTrigger.stop(), outboxTrigger.stop()]));

  return {
    url: origin,
    wsUrl: `ws://127.0.0.1:${port}/live`,
    stop: stopAll,
    token: async (sub?: string) => (await issuer.token(sub)).token,
    deps,
    resources: { ...resources, tableName, emulatorEndpoint: emulator.endpoint },
    stepFunctions,
    webSocket,
    webhooks,
    claimTrigger,
    outboxTrigger,
  };
}
