/**
 * The composition root's EventBridge Scheduler side: deadlines as schedules,
 * and the deps of every use case that arms or disarms them.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeDeadlineScheduler } from '../adapters/aws/eventbridge-scheduler';
import { invokeEscalation } from '../adapters/aws/lambda-invoke';
import { requireEnv } from '../config';
import type { DeadlineScheduler } from '../ports/scheduler';
import type { CreateGrievanceDeps } from '../use-cases/create-grievance';
import {
  clock,
  grievanceRepository,
  grievanceSettings,
  idempotencyStore,
  idempotentGrievanceRepository,
  serviceOrderLookups,
} from './data';
import { lazy, providedPort } from './lifetime';
import { alertPublisher } from './messaging';
import { smsQueue } from './queueing';
import { scheduleOptions } from './schedule-options';

/**
 * The scheduler of an API function: a deadline due within a minute goes straight
 * to the escalation function (an asynchronous invoke).
 */
const apiScheduler = /* @__PURE__ */ lazy((): DeadlineScheduler => {
  const given = providedPort('scheduler');
  if (given) return given;
  const escalationArn = requireEnv('ESCALATION_FUNCTION_ARN');
  return new EventBridgeDeadlineScheduler(
    new SchedulerClient({}),
    scheduleOptions(escalationArn),
    invokeEscalation(new LambdaClient({}), escalationArn),
    clock(),
  );
});

export const createGrievanceDeps = /* @__PURE__ */ lazy(
  (): CreateGrievanceDeps => ({
    grievances: idempotentGrievanceRepository(),
    idempotency: idempotencyStore(),
    orders: serviceOrderLookups(),
    sms: smsQueue(),
    scheduler: apiScheduler(),
    clock: clock(),
    settings: grievanceSettings(),
  }),
);

/**
 * Staff responses: SMS on resolution, deadlines disarmed; alerts for the
 * escalation a response after the deadline applies first.
 */
export const respondDeps = /* @__PURE__ */ lazy(() => ({
  grievances: grievanceRepository(),
  sms: smsQueue(),
  alerts: alertPublisher(),
  scheduler: apiScheduler(),
  clock: clock(),
  settings: grievanceSettings(),
}));

/** Feedback: an unsatisfied customer escalates (SMS, alert, deadline). */
export const feedbackDeps = respondDeps;
