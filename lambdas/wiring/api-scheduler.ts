import { LambdaClient } from '@aws-sdk/client-lambda';
import { invokeEscalation } from '../adapters/aws/lambda-invoke';
import { requireEnv } from '../config';
import type { DeadlineScheduler } from '../ports/scheduler';
import { deadlineScheduler } from './scheduler';

/** The scheduler of an API function: a deadline due within a minute goes straight to the escalation function. */
export const apiScheduler = (): DeadlineScheduler =>
  deadlineScheduler(() => invokeEscalation(new LambdaClient({}), requireEnv('ESCALATION_FUNCTION_ARN')));
