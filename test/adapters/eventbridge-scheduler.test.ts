import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import {
  atExpression,
  EventBridgeDeadlineScheduler,
  scheduleName,
} from '../../lambdas/adapters/aws/eventbridge-scheduler';
import { invokeEscalation } from '../../lambdas/adapters/aws/lambda-invoke';
import type { DeadlineEvent } from '../../lambdas/ports/scheduler';
import { FixedClock } from '../support/clock';

const OPTIONS = {
  groupName: 'redress-deadlines',
  targetArn: 'arn:aws:lambda:ap-south-1:123456789012:function:escalation',
  roleArn: 'arn:aws:iam::123456789012:role/scheduler',
  deadLetterArn: 'arn:aws:sqs:ap-south-1:123456789012:deadlines-dlq',
};
const NOW = new Date('2026-03-02T09:00:00.000Z');
const EVENT: DeadlineEvent = { grievanceId: 'GRV-ABCDEFGHJK', level: 1, dueAt: '2026-03-04T09:00:00.250Z' };

describe('the EventBridge Scheduler adapter', () => {
  const scheduler = mockClient(SchedulerClient);
  const handedOver: { event: DeadlineEvent; at: Date }[] = [];
  const make = () =>
    new EventBridgeDeadlineScheduler(
      new SchedulerClient({}),
      OPTIONS,
      async (event, at) => {
        handedOver.push({ event, at });
      },
      new FixedClock(NOW),
    );

  beforeEach(() => {
    scheduler.reset();
    handedOver.length = 0;
  });

  it('creates a one-time UTC schedule that deletes itself and invokes the escalation function with the deadline', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:s' });
    await make().schedule(EVENT, new Date(EVENT.dueAt));
    expect(scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input)).toEqual([
      {
        Name: 'GRV-ABCDEFGHJK-L1-D-20260304T090000.250Z',
        GroupName: 'redress-deadlines',
        ScheduleExpression: 'at(2026-03-04T09:00:01)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Description: 'DEADLINE of grievance GRV-ABCDEFGHJK at level 1',
        Target: {
          Arn: OPTIONS.targetArn,
          RoleArn: OPTIONS.roleArn,
          Input: JSON.stringify({
            grievanceId: 'GRV-ABCDEFGHJK',
            level: 1,
            dueAt: '2026-03-04T09:00:00.250Z',
          }),
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: OPTIONS.deadLetterArn },
        },
      },
    ]);
  });

  it('names reminders apart from deadlines and passes the kind on', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await make().schedule({ ...EVENT, kind: 'REMINDER' }, new Date('2026-03-03T21:00:00.000Z'));
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(input?.Name).toBe('GRV-ABCDEFGHJK-L1-R-20260304T090000.250Z');
    expect(input?.ScheduleExpression).toBe('at(2026-03-03T21:00:00)');
    expect(JSON.parse(input?.Target?.Input ?? '{}')).toEqual({ ...EVENT, kind: 'REMINDER' });
  });

  it('treats a name conflict as already scheduled', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    await expect(make().schedule(EVENT, new Date(EVENT.dueAt))).resolves.toBeUndefined();
  });

  it('lets other CreateSchedule failures through to the caller', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new Error('throttled'));
    await expect(make().schedule(EVENT, new Date(EVENT.dueAt))).rejects.toThrow('throttled');
  });

  it('hands a deadline at most a minute away (or past) over directly instead of scheduling it', async () => {
    const soon = new Date(NOW.getTime() + 60_000);
    const past = new Date(NOW.getTime() - 5_000);
    await make().schedule({ ...EVENT, dueAt: soon.toISOString() }, soon);
    await make().schedule({ ...EVENT, dueAt: past.toISOString() }, past);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
    expect(handedOver.map((h) => h.at)).toEqual([soon, past]);
  });

  it('deletes the schedule by the same name and ignores one that is gone', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    await expect(make().cancel(EVENT)).resolves.toBeUndefined();
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input)).toEqual([
      { Name: 'GRV-ABCDEFGHJK-L1-D-20260304T090000.250Z', GroupName: 'redress-deadlines' },
    ]);
  });

  it('keeps names deterministic, within 64 characters of the allowed alphabet', () => {
    expect(scheduleName(EVENT)).toBe(scheduleName({ ...EVENT }));
    expect(scheduleName({ ...EVENT, rearm: 2 })).toBe('GRV-ABCDEFGHJK-L1-D-20260304T090000.250Z-a2');
    const long = scheduleName({ ...EVENT, grievanceId: `GRV-${'X'.repeat(40)}` });
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[0-9a-zA-Z\-_.]+$/);
    expect(long).toBe(scheduleName({ ...EVENT, grievanceId: `GRV-${'X'.repeat(40)}` }));
  });

  it('rounds at() up to the whole second so it never fires before the deadline', () => {
    expect(atExpression(new Date('2026-03-04T09:00:00.000Z'))).toBe('at(2026-03-04T09:00:00)');
    expect(atExpression(new Date('2026-03-04T09:00:00.001Z'))).toBe('at(2026-03-04T09:00:01)');
  });
});

describe('the direct hand-over to the escalation function', () => {
  const lambda = mockClient(LambdaClient);
  beforeEach(() => lambda.reset());

  it('invokes it asynchronously with the deadline as its input', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await invokeEscalation(new LambdaClient({}), OPTIONS.targetArn)(EVENT, new Date(EVENT.dueAt));
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ FunctionName: OPTIONS.targetArn, InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual(EVENT);
  });
});
