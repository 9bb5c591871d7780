import { SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  EventBridgeDeadlineScheduler,
  type NearDeadlineHandler,
} from '../adapters/aws/eventbridge-scheduler';
import { requireEnv } from '../config';
import { resolvePort } from '../container';
import type { DeadlineScheduler } from '../ports/scheduler';
import { clock } from './clock';

/**
 * The scheduler port: EventBridge Scheduler in AWS (built once per container),
 * whatever the local host or a test provided otherwise. `near` takes deadlines
 * due within a minute; `targetArn` defaults to ESCALATION_FUNCTION_ARN.
 */
export const deadlineScheduler = (near: () => NearDeadlineHandler, targetArn?: string): DeadlineScheduler =>
  resolvePort(
    'scheduler',
    () =>
      new EventBridgeDeadlineScheduler(
        new SchedulerClient({}),
        {
          groupName: requireEnv('SCHEDULE_GROUP_NAME'),
          targetArn: targetArn ?? requireEnv('ESCALATION_FUNCTION_ARN'),
          roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
          deadLetterArn: requireEnv('SCHEDULER_DLQ_ARN'),
        },
        near(),
        clock(),
      ),
  );
