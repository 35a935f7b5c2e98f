import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { OrdersRepository } from "../../../apps/orders/functions/shared/repository";
import { LocalDynamo, startLocalDynamo } from "../../../apps/orders/local/dynamo";
import { fakeDeps, TEST_SETTINGS } from "./fake-deps";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

/** The orders table on dynalite (real conditional writes and indexes) for one test file. */
export interface OrdersTable {
  readonly ddb: DynamoDBDocumentClient;
  readonly repository: OrdersRepository;
}

/**
 * Starts dynalite with the orders table before the file's tests and stops it after. `table` is filled in
 * `beforeAll` (read it inside tests or later hooks); ids are unique per file with the given prefix.
 */
export function useOrdersTable(idPrefix: string) {
  const table = {} as { ddb: DynamoDBDocumentClient; repository: OrdersRepository };
  let dynamo: LocalDynamo | undefined;
  let ids = 0;
  const nextId = () => `${idPrefix}-${++ids}`;

  beforeAll(async () => {
    dynamo = await startLocalDynamo(TEST_SETTINGS.tableName, credentials, "eu-west-1");
    table.ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region: "eu-west-1", credentials }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    table.repository = new OrdersRepository(table.ddb, TEST_SETTINGS.tableName);
  });
  afterAll(async () => {
    table.ddb?.destroy();
    await dynamo?.stop();
  });

  /** Handler dependencies on this table; S3, SQS and the rest are fakes unless overridden. */
  const deps = (overrides: Record<string, unknown> = {}) =>
    fakeDeps({ ddb: table.ddb, newId: nextId, now: () => new Date(), ...overrides });
  return { table: table as OrdersTable, nextId, deps };
}
