/**
 * The composition root of the escalation and sweeper functions: a deadline due
 * within a minute is run in-process (InProcessDeadlines) rather than scheduled.
 */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeDeadlineScheduler } from '../adapters/aws/eventbridge-scheduler';
import { InProcessDeadlines } from '../adapters/aws/in-process-deadlines';
import { config, requireEnv } from '../config';
import type { DeadlineScheduler } from '../ports/scheduler';
import { type HandleDeadlineDeps, handleDeadline } from '../use-cases/handle-deadline';
import { clock, grievanceRepository, grievanceSettings } from './data';
import { lazy, providedPort } from './lifetime';
import { alertPublisher } from './messaging';
import { smsQueue } from './queueing';
import { scheduleOptions } from './schedule-options';

/** The in-process runner of near deadlines; each invocation begins it with its own context. */
export const inProcessDeadlines = /* @__PURE__ */ lazy(
  () => new InProcessDeadlines(clock(), (event) => handleDeadline(deadlineDeps(), event)),
);

const deadlineScheduler = /* @__PURE__ */ lazy((): DeadlineScheduler => {
  const given = providedPort('scheduler');
  if (given) return given;
  const inProcess = inProcessDeadlines();
  return new EventBridgeDeadlineScheduler(
    new SchedulerClient({}),
    // The escalation function's own ARN (an environment variable would be a circular reference), else the sweeper's.
    scheduleOptions(() => inProcess.targetArn ?? requireEnv('ESCALATION_FUNCTION_ARN')),
    inProcess.near,
    clock(),
  );
});

export const deadlineDeps = /* @__PURE__ */ lazy(
  (): HandleDeadlineDeps => ({
    grievances: grievanceRepository(),
    sms: smsQueue(),
    alerts: alertPublisher(),
    scheduler: deadlineScheduler(),
    clock: clock(),
    settings: grievanceSettings(),
    maxWaitSeconds: config().ESCALATION_MAX_WAIT_SECONDS,
  }),
);
