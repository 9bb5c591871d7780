import { startDynamoLocal } from '../../local/dynamodb-local';

/** One DynamoDB Local for the whole run; test files isolate themselves by table name. */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoLocal();
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __REDRESS_DYNAMO__?: typeof dynamo }).__REDRESS_DYNAMO__ = dynamo;
}
