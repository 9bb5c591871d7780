import { SNSClient } from '@aws-sdk/client-sns';
import { SnsAlertPublisher } from '../adapters/aws/sns-alerts';
import { requireEnv } from '../config';
import { resolvePort } from '../container';
import type { AlertPublisher } from '../ports/alerts';

export const alertPublisher = (): AlertPublisher =>
  resolvePort(
    'alerts',
    () =>
      new SnsAlertPublisher(new SNSClient({}), {
        'level-1': requireEnv('ALERT_TOPIC_LEVEL_1_ARN'),
        'level-2': requireEnv('ALERT_TOPIC_LEVEL_2_ARN'),
        'level-3': requireEnv('ALERT_TOPIC_LEVEL_3_ARN'),
        operations: requireEnv('ALERT_TOPIC_OPERATIONS_ARN'),
      }),
  );
