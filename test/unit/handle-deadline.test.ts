import { createGrievance } from '../../lambdas/domain/grievance-rules';
import { setLogSink } from '../../lambdas/logger';
import type { DeadlineEvent } from '../../lambdas/ports/scheduler';
import { type HandleDeadlineDeps, handleDeadline } from '../../lambdas/use-cases/handle-deadline';
import { sweepOverdue } from '../../lambdas/use-cases/sweep-overdue';
import { FixedClock } from '../support/clock';
import {
  FailingAlerts,
  FailingSms,
  RecordingAlerts,
  RecordingScheduler,
  RecordingSms,
} from '../support/fakes';
import { SETTINGS, T0 } from '../support/grievances';
import { MemoryGrievanceRepository } from '../support/memory-grievance-repository';

function setup() {
  const clock = new FixedClock(T0);
  const repo = new MemoryGrievanceRepository();
  const g = createGrievance(
    {
      customer: { name: 'A', phone: '+919812345670' },
      category: 'OTHER',
      description: 'Long enough text.',
      channel: 'WEB',
    },
    { id: 'GRV-ABCDEFGHJK', now: T0, actor: 'CUSTOMER' },
    SETTINGS,
  ).grievance;
  repo.items.set(g.id, { grievance: g, version: 1 });
  const sms = new RecordingSms();
  const alerts = new RecordingAlerts();
  const scheduler = new RecordingScheduler();
  const slept: number[] = [];
  const deps: HandleDeadlineDeps = {
    grievances: repo,
    sms,
    alerts,
    scheduler,
    clock,
    settings: SETTINGS,
    maxWaitSeconds: 60,
    sleep: async (ms) => {
      slept.push(ms);
      clock.advance(ms / 1000);
    },
  };
  const deadline: DeadlineEvent = { grievanceId: g.id, level: 1, dueAt: g.dueAt ?? '' };
  return {
    clock,
    repo,
    g,
    sms: sms.sent,
    alerts: alerts.published,
    armed: scheduler.armed,
    slept,
    deps,
    deadline,
  };
}

describe('handling a deadline delivery', () => {
  beforeAll(() => setLogSink(() => undefined));
  it('escalates with one read and one conditional write, then tells the customer and the team and arms the next deadline', async () => {
    const { clock, repo, deps, deadline, sms, alerts, armed } = setup();
    clock.set(deadline.dueAt);
    expect(await handleDeadline(deps, deadline)).toBe('ESCALATED');
    expect([repo.reads, repo.writes]).toEqual([1, 1]);
    expect(sms).toHaveLength(1);
    expect(alerts.map((a) => a.topic)).toEqual(['level-2']);
    expect(armed.map((a) => [a.event.level, a.event.kind ?? 'DEADLINE'])).toEqual([
      [2, 'DEADLINE'],
      [2, 'REMINDER'],
    ]);
  });

  it('waits for an early delivery within the limit and then escalates', async () => {
    const { clock, deps, deadline, slept } = setup();
    clock.set(new Date(Date.parse(deadline.dueAt) - 20_000));
    expect(await handleDeadline(deps, deadline)).toBe('ESCALATED');
    expect(slept).toEqual([20_000]);
  });

  it('re-arms a delivery that comes too early, under a name of its own', async () => {
    const { clock, repo, deps, deadline, armed } = setup();
    clock.set(new Date(Date.parse(deadline.dueAt) - 3_600_000));
    expect(await handleDeadline(deps, deadline)).toBe('REARMED');
    expect(armed).toEqual([{ event: { ...deadline, rearm: 1 }, at: new Date(deadline.dueAt) }]);
    expect(repo.writes).toBe(0);
  });

  it('changes nothing for a duplicate delivery', async () => {
    const { clock, deps, deadline, sms } = setup();
    clock.set(deadline.dueAt);
    await handleDeadline(deps, deadline);
    expect(await handleDeadline(deps, deadline)).toBe('IGNORED');
    expect(sms).toHaveLength(1);
  });

  it('escalates exactly once when deliveries race', async () => {
    const { clock, repo, deps, deadline, g } = setup();
    clock.set(deadline.dueAt);
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => handleDeadline(deps, deadline)));
    expect(outcomes.filter((o) => o === 'ESCALATED')).toHaveLength(1);
    expect(repo.items.get(g.id)?.grievance.timeline.filter((e) => e.type === 'ESCALATED')).toHaveLength(1);
  });

  it('sends the reminder once, only while the deadline is pending, without reading the grievance', async () => {
    const { clock, repo, deps, deadline, alerts } = setup();
    const reminder = { ...deadline, kind: 'REMINDER' as const };
    clock.set('2026-03-03T21:00:00.000Z');
    expect(await handleDeadline(deps, reminder)).toBe('REMINDED');
    expect(await handleDeadline(deps, reminder)).toBe('IGNORED');
    expect(alerts.map((a) => [a.topic, a.grievanceId])).toEqual([['level-1', 'GRV-ABCDEFGHJK']]);
    expect(repo.reads).toBe(0);
  });

  it('keeps the escalation when SMS and alerts fail', async () => {
    const { clock, repo, deps, deadline, g } = setup();
    clock.set(deadline.dueAt);
    deps.sms = new FailingSms(() => new Error('sms down'));
    deps.alerts = new FailingAlerts(() => new Error('sns down'));
    expect(await handleDeadline(deps, deadline)).toBe('ESCALATED');
    expect(repo.items.get(g.id)?.grievance.level).toBe(2);
  });

  it('sweeps overdue deadlines through the same path', async () => {
    const { clock, repo, deps, deadline, g } = setup();
    clock.set(new Date(Date.parse(deadline.dueAt) + 1000));
    expect(await sweepOverdue(deps)).toEqual({ checked: 1, changed: 1, failed: 0, reminded: 0 });
    expect(await sweepOverdue(deps)).toEqual({ checked: 0, changed: 0, failed: 0, reminded: 0 });
    expect(repo.items.get(g.id)?.grievance.level).toBe(2);
  });

  it('sends a reminder whose schedule was lost, once, and ignores the late delivery that follows', async () => {
    const { clock, deps, deadline, alerts, repo, g } = setup();
    const reminder = { ...deadline, kind: 'REMINDER' as const };
    // Level 1 is due 48 h after T0; its reminder is due at 36 h. Before then the sweep sends nothing.
    clock.set('2026-03-03T20:59:00.000Z');
    expect(await sweepOverdue(deps)).toEqual({ checked: 0, changed: 0, failed: 0, reminded: 0 });
    clock.set('2026-03-03T21:04:00.000Z');
    expect(await sweepOverdue(deps)).toEqual({ checked: 0, changed: 0, failed: 0, reminded: 1 });
    expect(await sweepOverdue(deps)).toEqual({ checked: 0, changed: 0, failed: 0, reminded: 0 });
    expect(await handleDeadline(deps, reminder)).toBe('IGNORED');
    expect(alerts.map((a) => [a.topic, a.subject])).toEqual([
      ['level-1', expect.stringMatching(/^Reminder: grievance GRV-ABCDEFGHJK/)],
    ]);
    expect(repo.items.get(g.id)?.remindedFor).toBe(deadline.dueAt);
  });

  it('leaves a reminder that already went out, and one whose deadline passed, to the deadline path', async () => {
    const { clock, deps, deadline, alerts } = setup();
    clock.set('2026-03-03T21:00:00.000Z');
    expect(await handleDeadline(deps, { ...deadline, kind: 'REMINDER' })).toBe('REMINDED');
    clock.set('2026-03-03T22:00:00.000Z');
    expect((await sweepOverdue(deps)).reminded).toBe(0);
    clock.set(new Date(Date.parse(deadline.dueAt) + 1000));
    expect(await sweepOverdue(deps)).toMatchObject({ changed: 1, reminded: 0 });
    expect(alerts.filter((a) => a.subject.startsWith('Reminder'))).toHaveLength(1);
  });
});
