import type { EventBridgeSchedulerOptions } from '../adapters/aws/eventbridge-scheduler';
import { requireEnv } from '../config';

/** Where deadline schedules live and whom they invoke, from the environment the stack sets. */
export const scheduleOptions = (targetArn: string | (() => string)): EventBridgeSchedulerOptions => ({
  groupName: requireEnv('SCHEDULE_GROUP_NAME'),
  targetArn,
  roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
  deadLetterArn: requireEnv('SCHEDULER_DLQ_ARN'),
});
