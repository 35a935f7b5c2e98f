import { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import type { OrdersDeps } from "../../../apps/orders/functions/shared/deps";
import type { OrdersSettings } from "../../../apps/orders/functions/shared/settings";

export const TEST_SETTINGS: OrdersSettings = {
  region: "eu-west-1",
  tableName: "orders-test",
  bucketName: "orders-test-payloads",
  payloadPrefix: "payloads/",
  queueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/orders-test-claims",
  kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/11111111-1111-4111-8111-111111111111",
  maxMessageSize: 1_048_576,
  stateMachineArn: "arn:aws:states:eu-west-1:111122223333:stateMachine:orders-test-workflow",
  connectionsEndpoint: "https://abc.execute-api.eu-west-1.amazonaws.com/live",
  inlineThresholdBytes: 65_536,
  maxOrderBodyBytes: 262_144,
  maxUploadBytes: 10 * 1024 * 1024,
  uploadUrlTtlSeconds: 300,
  allowAnonymous: false,
  jwtIssuer: "",
  jwtAudience: "",
  jwksUri: "",
  webhookUrls: ["https://partner.example.com/hooks"],
  webhookSecretId: "secret",
};

type Send = (command: { constructor: { name: string }; input: Record<string, unknown> }) => unknown;

/** A client whose `send` is answered by a handler per command name; every command is recorded. */
export function fakeClient(answers: Record<string, Send> = {}) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  return {
    sent,
    send: jest.fn(async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      const answer = answers[command.constructor.name];
      if (!answer) return {};
      return answer(command);
    }),
  };
}

export function fakeDeps(overrides: Partial<Record<keyof OrdersDeps, unknown>> = {}): OrdersDeps {
  return {
    settings: TEST_SETTINGS,
    ddb: fakeClient(),
    s3: new S3Client({
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      requestChecksumCalculation: "WHEN_REQUIRED",
    }),
    sqs: fakeClient(),
    sfn: fakeClient(),
    connections: fakeClient(),
    logger: new Logger({ serviceName: "test", logLevel: "SILENT" }),
    now: () => new Date("2026-11-21T12:00:00.000Z"),
    newId: () => "00000000-0000-4000-8000-000000000001",
    webhookSecret: async () => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    fetch: jest.fn(),
    ...overrides,
  } as OrdersDeps;
}
