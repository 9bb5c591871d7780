import { randomUUID } from 'node:crypto';
import type { LocalHost } from '../../local/host';
import { FixedClock } from '../support/clock';
import { T0 } from '../support/grievances';
import { call, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

interface GrievanceBody {
  id: string;
  level: number;
  dueAt: string;
  timeline: { type: string; level: number; reason?: string }[];
}

describe('the local host after a restart', () => {
  const tableName = `e2e-restart-${randomUUID()}`;
  const env = { SLA_LEVEL_HOURS: '0.0005,0.05,0.05' };
  // Both hosts run on one clock that only the test moves; their deadlines fire only when told to.
  const clock = new FixedClock(T0);
  const options = { tableName, env, clock, timers: 'manual' as const, sweepIntervalSeconds: 3600 };
  let second: LocalHost | undefined;

  afterAll(async () => {
    await second?.stop();
  });

  it('re-arms the pending deadlines from the table, so a deadline missed while it was down still escalates', async () => {
    const first = await startTestHost(options);
    const desk = await staffToken(first.url, 'desk-1', ['grievance-desk']);
    const created = await call<GrievanceBody>(first.url, 'POST', '/staff/grievances', {
      token: desk,
      body: {
        name: 'Meera Iyer',
        phone: '+919812300201',
        category: 'BILLING_REFUND',
        description: 'Refund for the cancelled repair never arrived.',
        channel: 'SERVICE_CENTRE',
      },
    });
    expect(created.status).toBe(201);
    await first.stop(); // its timers go with it

    // Down past the deadline; the sweeper will not run (hourly), so only re-armed timers can escalate it.
    clock.set(new Date(Date.parse(created.body.dueAt) + 300));
    second = await startTestHost(options);
    const head = await staffToken(second.url, 'head-1', ['customer-service-head']);
    const view = async () =>
      (
        await call<GrievanceBody>(second?.url ?? '', 'GET', `/staff/grievances/${created.body.id}`, {
          token: head,
        })
      ).body;
    expect((await view()).level).toBe(1);

    // What the second host's timers fire now is what it re-armed from the table: that one deadline.
    expect(await second.fireDueDeadlines()).toBe(1);
    const after = await view();
    expect(after.level).toBe(2);
    expect(after.timeline.at(-1)).toMatchObject({ type: 'ESCALATED', level: 2, reason: 'DEADLINE' });
    expect(second.outbox.alerts.filter((a) => a.subject.includes(created.body.id))).toHaveLength(1);
  });
});
