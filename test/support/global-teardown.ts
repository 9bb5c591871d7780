import type { RunningDynamo } from '../../local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __REDRESS_DYNAMO__?: RunningDynamo }).__REDRESS_DYNAMO__?.stop();
}
