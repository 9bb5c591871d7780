import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { Clock } from '../../ports/clock';
import type { DeadlineEvent, DeadlineScheduler } from '../../ports/scheduler';

export interface EventBridgeSchedulerOptions {
  /** The schedule group every deadline lives in. */
  groupName: string;
  /** The escalation function; a function when it is known only at invocation (the escalation function's own ARN). */
  targetArn: string | (() => string);
  /** The role EventBridge Scheduler assumes to invoke it. */
  roleArn: string;
  /** SQS queue for deliveries that fail after the retries. */
  deadLetterArn: string;
  maximumRetryAttempts?: number;
  maximumEventAgeSeconds?: number;
  /** A deadline at most this far away is handed to `near` instead of being scheduled. */
  nearSeconds?: number;
}

/** Takes a deadline that is (almost) due: an async invoke of the escalation function, or in-process. */
export type NearDeadlineHandler = (event: DeadlineEvent, at: Date) => Promise<void>;

const NAME_LIMIT = 64;

/**
 * The deterministic schedule name of a trigger: grievance, level, kind and
 * deadline (and the re-arm count of an early delivery), within Scheduler's
 * 64 characters of [0-9a-zA-Z-_.].
 */
export function scheduleName(event: DeadlineEvent): string {
  const kind = event.kind === 'REMINDER' ? 'R' : 'D';
  const due = event.dueAt.replace(/[-:]/g, '');
  const name = `${event.grievanceId}-L${event.level}-${kind}-${due}${event.rearm ? `-a${event.rearm}` : ''}`;
  if (name.length <= NAME_LIMIT && /^[0-9a-zA-Z\-_.]+$/.test(name)) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 40);
  return `grv-${kind}-${digest}`;
}

/** Scheduler's one-time expression in UTC, rounded up to the second so it never fires before `at`. */
export function atExpression(at: Date): string {
  const seconds = Math.ceil(at.getTime() / 1000) * 1000;
  return `at(${new Date(seconds).toISOString().slice(0, 19)})`;
}

/**
 * Deadlines as EventBridge Scheduler one-time schedules that invoke the
 * escalation function with `{ grievanceId, level, dueAt[, kind] }` and delete
 * themselves after running. Arming twice is harmless (the name is taken: already
 * scheduled); disarming one that is gone is fine.
 */
export class EventBridgeDeadlineScheduler implements DeadlineScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeSchedulerOptions,
    private readonly near: NearDeadlineHandler,
    private readonly clock: Clock,
  ) {}

  async schedule(event: DeadlineEvent, at: Date): Promise<void> {
    const nearMs = (this.options.nearSeconds ?? 60) * 1000;
    if (at.getTime() - this.clock.now().getTime() <= nearMs) return this.near(event, at);
    const input: DeadlineEvent = {
      grievanceId: event.grievanceId,
      level: event.level,
      dueAt: event.dueAt,
      ...(event.kind ? { kind: event.kind } : {}),
      ...(event.rearm ? { rearm: event.rearm } : {}),
    };
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: scheduleName(event),
          GroupName: this.options.groupName,
          ScheduleExpression: atExpression(at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Description: `${event.kind ?? 'DEADLINE'} of grievance ${event.grievanceId} at level ${event.level}`,
          Target: {
            Arn:
              typeof this.options.targetArn === 'string' ? this.options.targetArn : this.options.targetArn(),
            RoleArn: this.options.roleArn,
            Input: JSON.stringify(input),
            RetryPolicy: {
              MaximumRetryAttempts: this.options.maximumRetryAttempts ?? 20,
              MaximumEventAgeInSeconds: this.options.maximumEventAgeSeconds ?? 3600,
            },
            DeadLetterConfig: { Arn: this.options.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConflictException) return; // same name: already scheduled
      throw error;
    }
  }

  async cancel(event: DeadlineEvent): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: scheduleName(event), GroupName: this.options.groupName }),
      );
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return; // fired (and deleted itself) or never made
      throw error;
    }
  }
}
