import { Logger } from "@aws-lambda-powertools/logger";
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { secretFromLambdaExtension } from "./secrets";
import { OrdersSettings, settingsFromEnv } from "./settings";

/** Everything a handler touches, injected so the local runtime and unit tests run the same handler code. */
export interface OrdersDeps {
  readonly settings: OrdersSettings;
  readonly ddb: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sfn: SFNClient;
  readonly connections: ApiGatewayManagementApiClient;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly newId: () => string;
  /** The webhook signing secret (whsec_...). */
  readonly webhookSecret: () => Promise<string>;
  /** HTTP client for webhook deliveries. */
  readonly fetch: typeof fetch;
}

export interface ClientOptions {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** SDK clients for the handlers. S3 never adds checksums it is not required to (presigned PUTs must carry none). */
export function createSdkClients(options: ClientOptions & { dynamoEndpoint?: string; sfnEndpoint?: string; connectionsEndpoint: string }) {
  const base = { region: options.region, credentials: options.credentials };
  return {
    ddb: DynamoDBDocumentClient.from(new DynamoDBClient({ ...base, endpoint: options.dynamoEndpoint }), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    s3: new S3Client({
      ...base,
      endpoint: options.endpoint,
      forcePathStyle: options.endpoint !== undefined,
      requestChecksumCalculation: "WHEN_REQUIRED",
    }),
    sqs: new SQSClient({ ...base, endpoint: options.endpoint }),
    sfn: new SFNClient({ ...base, endpoint: options.sfnEndpoint }),
    connections: new ApiGatewayManagementApiClient({ ...base, endpoint: options.connectionsEndpoint }),
  };
}

/** The dependencies on AWS: settings from the environment, clients built once per container. */
export function depsFromEnv(service: string): OrdersDeps {
  const settings = settingsFromEnv();
  return {
    settings,
    ...createSdkClients({ region: settings.region, connectionsEndpoint: settings.connectionsEndpoint || "https://localhost" }),
    logger: new Logger({ serviceName: `orders-${service}` }),
    now: () => new Date(),
    newId: randomUUID,
    webhookSecret: () => secretFromLambdaExtension(settings.webhookSecretId),
    fetch,
  };
}

/** A Lambda entry point whose dependencies are built on first use (not at import, so tests can import freely). */
export function lazyHandler<E, R>(service: string, make: (deps: OrdersDeps) => (event: E) => Promise<R>): (event: E) => Promise<R> {
  let handle: ((event: E) => Promise<R>) | undefined;
  return (event: E) => {
    handle ??= make(depsFromEnv(service));
    return handle(event);
  };
}
