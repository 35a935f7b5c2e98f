import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { AddressInfo, Server } from "node:net";
import { ORDERS_TABLE_SCHEMA } from "../../../modules/orders/spec/table-schema";

// dynalite ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;

export interface LocalDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** DynamoDB on loopback (dynalite, in memory), with the orders table created from the same key schema as deployed. */
export async function startLocalDynamo(
  tableName: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region, credentials });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: ORDERS_TABLE_SCHEMA.attributes.map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: ORDERS_TABLE_SCHEMA.hashKey, KeyType: "HASH" },
        { AttributeName: ORDERS_TABLE_SCHEMA.rangeKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: ORDERS_TABLE_SCHEMA.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.hashKey, KeyType: "HASH" },
          { AttributeName: index.rangeKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    }),
  );
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
