import { randomUUID } from 'node:crypto';
import { type LocalHost, type LocalHostOptions, startLocalHost } from '../../local/host';
import { dynamoEndpoint } from './dynamo';

/** A local host on a free port, on the run's DynamoDB Local, with its own table. */
export function startTestHost(
  options: Omit<LocalHostOptions, 'port' | 'dynamoEndpoint'> = {},
): Promise<LocalHost> {
  return startLocalHost({
    tableName: `e2e-${randomUUID()}`,
    ...options,
    port: 0,
    dynamoEndpoint: dynamoEndpoint(),
  });
}
