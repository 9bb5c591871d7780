import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable } from '../../local/create-table';

export function dynamoEndpoint(): string {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint)
    throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run the tests through jest (globalSetup)');
  return endpoint;
}

export interface TestTable {
  name: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  drop(): Promise<void>;
}

/** A fresh table of the real design, unique to the caller, on the run's DynamoDB Local. */
export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  const name = `${prefix}-${randomUUID()}`;
  const client = new DynamoDBClient({ endpoint: dynamoEndpoint() });
  await createTable(client, name);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    name,
    client,
    doc,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: name }));
      client.destroy();
    },
  };
}
