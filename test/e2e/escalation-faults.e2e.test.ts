import { handler as escalate } from '../../lambdas/events/escalation';
import { setLogSink } from '../../lambdas/logger';
import type { DeadlineEvent, DeadlineScheduler } from '../../lambdas/ports/scheduler';
import type { LocalHost } from '../../local/host';
import { FixedClock } from '../support/clock';
import { ESCALATION_CONTEXT, eventually, T0 } from '../support/grievances';
import { call, customerToken, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

interface GrievanceBody {
  id: string;
  status: string;
  level: number;
  dueAt: string;
  timeline: { type: string; level: number; reason?: string }[];
}

/** EventBridge Scheduler down: every CreateSchedule throws (cancelling still works). */
class BrokenScheduler implements DeadlineScheduler {
  attempts: DeadlineEvent[] = [];
  async schedule(event: DeadlineEvent): Promise<void> {
    this.attempts.push(event);
    throw new Error('ServiceUnavailable: CreateSchedule failed');
  }
  async cancel(): Promise<void> {}
}

const context = ESCALATION_CONTEXT;

describe('escalation when CreateSchedule fails', () => {
  let host: LocalHost;
  const scheduler = new BrokenScheduler();
  // The host's clock stands still until a test moves it: nothing is due until then.
  const clock = new FixedClock(T0);
  const phone = '+919812300101';
  let token: string;
  let head: string;
  const logs: string[] = [];

  beforeAll(async () => {
    setLogSink((line) => logs.push(line));
    host = await startTestHost({
      // Level 1 is due after 1.8 s on the clock; level 2 is long, so a second escalation would stand out.
      env: { SLA_LEVEL_HOURS: '0.0005,0.05,0.05', OTP_LOOKUP_MIN_MS: '0' },
      scheduler,
      clock,
      sweepIntervalSeconds: 1,
    });
    token = await customerToken(host.url, phone);
    head = await staffToken(host.url, 'head-1', ['customer-service-head']);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('still creates the grievance, and the sweeper escalates it exactly once', async () => {
    const created = await call<GrievanceBody>(host.url, 'POST', '/grievances', {
      token,
      body: {
        name: 'Ravi Kumar',
        category: 'REPAIR_DELAY',
        description: 'My phone has been in for repair for three weeks.',
        channel: 'WEB',
      },
    });
    expect(created.status).toBe(201);
    const { id, dueAt } = created.body;
    // The fault really happened: the deadline and its reminder could not be scheduled.
    expect(scheduler.attempts.filter((e) => e.grievanceId === id).map((e) => e.kind ?? 'DEADLINE')).toEqual(
      expect.arrayContaining(['DEADLINE', 'REMINDER']),
    );
    expect(host.outbox.sms.filter((m) => m.body.includes(id))).toHaveLength(1);
    expect(logs.some((l) => l.includes('ScheduleFailed') && l.includes(id))).toBe(true);

    // Not due yet: the sweeper leaves it alone, however often it runs.
    clock.set(new Date(Date.parse(dueAt) - 1));
    expect((await host.sweep()).changed).toBe(0);
    expect(
      (await call<GrievanceBody>(host.url, 'GET', `/staff/grievances/${id}`, { token: head })).body.level,
    ).toBe(1);

    // Nothing was scheduled, yet once dueAt passes the host's own sweeper (every second) escalates it.
    clock.set(new Date(Date.parse(dueAt)));
    const escalated = await eventually(async () => {
      const r = await call<GrievanceBody>(host.url, 'GET', `/staff/grievances/${id}`, { token: head });
      expect(r.body.level).toBe(2);
      return r.body;
    });
    expect(escalated.timeline.at(-1)).toMatchObject({ type: 'ESCALATED', level: 2, reason: 'DEADLINE' });
    expect(Date.parse(escalated.dueAt)).toBeGreaterThan(Date.parse(dueAt));

    // The original deadline now arrives late — twice, concurrently — and sweeps run again: nothing changes.
    const late = await Promise.all([
      escalate({ grievanceId: id, level: 1, dueAt }, context),
      escalate({ grievanceId: id, level: 1, dueAt }, context),
      host.sweep(),
    ]);
    expect(late[0]).toEqual({ outcome: 'IGNORED' });
    expect(late[1]).toEqual({ outcome: 'IGNORED' });
    await host.sweep();

    const final = await call<GrievanceBody>(host.url, 'GET', `/staff/grievances/${id}`, { token: head });
    expect(final.body).toMatchObject({ status: 'OPEN', level: 2 });
    expect(final.body.timeline.filter((e) => e.type === 'ESCALATED')).toEqual([
      expect.objectContaining({ level: 2, reason: 'DEADLINE' }),
    ]);
    expect(host.outbox.sms.filter((m) => m.body.includes(id) && m.body.includes('escalated'))).toHaveLength(
      1,
    );
    expect(
      host.outbox.alerts.filter((a) => a.subject === `Grievance ${id} escalated to level 2`),
    ).toHaveLength(1);
  });

  it('lets only one of many simultaneous deliveries of a due deadline escalate', async () => {
    const created = await call<GrievanceBody>(host.url, 'POST', '/grievances', {
      token,
      body: {
        name: 'Ravi Kumar',
        category: 'WARRANTY',
        description: 'The warranty claim for my phone was refused.',
        channel: 'WEB',
      },
    });
    const { id, dueAt } = created.body;
    clock.set(new Date(Date.parse(dueAt) + 50));
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => escalate({ grievanceId: id, level: 1, dueAt }, context)),
    );
    const sweep = await host.sweep();
    expect(sweep.failed).toBe(0);
    const escalatedBy = outcomes.filter((o) => o.outcome === 'ESCALATED').length;
    const final = await call<GrievanceBody>(host.url, 'GET', `/staff/grievances/${id}`, { token: head });
    const escalations = final.body.timeline.filter((e) => e.type === 'ESCALATED');
    expect(escalations).toHaveLength(1);
    // Either one of the deliveries won the conditional write, or the sweeper got there first.
    expect(escalatedBy).toBeLessThanOrEqual(1);
    expect(final.body.level).toBe(2);
  });
});

describe('the 75 % reminder when CreateSchedule fails', () => {
  let host: LocalHost;
  const scheduler = new BrokenScheduler();
  const phone = '+919812300102';
  let token: string;
  let head: string;

  beforeAll(async () => {
    host = await startTestHost({
      // Level 1 is due after 7.2 s and its reminder after a quarter of that (1.8 s), so the
      // host's sweeper (every second) has several chances before the deadline.
      env: { SLA_LEVEL_HOURS: '0.002,0.05,0.05', SLA_REMINDER_FRACTION: '0.25', OTP_LOOKUP_MIN_MS: '0' },
      scheduler,
      sweepIntervalSeconds: 1,
    });
    token = await customerToken(host.url, phone);
    head = await staffToken(host.url, 'head-1', ['customer-service-head']);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('is still sent to the level team, once, by the sweeper, before the deadline', async () => {
    const created = await call<GrievanceBody>(host.url, 'POST', '/grievances', {
      token,
      body: {
        name: 'Ravi Kumar',
        category: 'DEVICE_DEFECT',
        description: 'The phone reboots whenever I open the camera.',
        channel: 'WEB',
      },
    });
    expect(created.status).toBe(201);
    const { id, dueAt } = created.body;
    // The fault really happened: the reminder could not be scheduled.
    expect(scheduler.attempts.some((e) => e.grievanceId === id && e.kind === 'REMINDER')).toBe(true);

    const reminders = () =>
      host.outbox.alerts.filter(
        (a) => a.topic === 'level-1' && a.subject.startsWith(`Reminder: grievance ${id}`),
      );
    await eventually(async () => expect(reminders()).toHaveLength(1), 6_000);
    // It came before the deadline, while the grievance was still with level 1.
    expect(Date.parse(reminders()[0]?.sentAt ?? '')).toBeLessThan(Date.parse(dueAt));

    // More sweeps, and a late delivery of the lost reminder: still one reminder.
    await host.sweep();
    await escalate({ grievanceId: id, level: 1, dueAt, kind: 'REMINDER' }, context);
    await host.sweep();
    expect(reminders()).toHaveLength(1);

    // And the deadline itself still escalates (through the sweeper, as in the test above).
    await eventually(async () => {
      const r = await call<GrievanceBody>(host.url, 'GET', `/staff/grievances/${id}`, { token: head });
      expect(r.body.level).toBe(2);
    });
  });
});
