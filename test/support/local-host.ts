import { randomUUID } from 'node:crypto';
import { type LocalHost, type LocalHostOptions, startLocalHost } from '../../local/host';
import { dynamoEndpoint } from './dynamo';

/**
 * A local host on a free port, on the run's DynamoDB Local, with its own table. Its SMS queue
 * drains at 1,000 a second unless `env` says otherwise, so an SMS is in the outbox when the
 * request that caused it answers, however quickly a test makes requests (`drainSms()` waits for
 * the rest).
 */
export function startTestHost(
  options: Omit<LocalHostOptions, 'port' | 'dynamoEndpoint'> = {},
): Promise<LocalHost> {
  return startLocalHost({
    tableName: `e2e-${randomUUID()}`,
    ...options,
    env: { SMS_MAX_PER_SECOND: '1000', ...options.env },
    port: 0,
    dynamoEndpoint: dynamoEndpoint(),
  });
}
