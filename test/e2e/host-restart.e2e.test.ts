import { randomUUID } from 'node:crypto';
import type { LocalHost } from '../../local/host';
import { call, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

interface GrievanceBody {
  id: string;
  level: number;
  dueAt: string;
  timeline: { type: string }[];
}

describe('the local host after a restart', () => {
  const tableName = `e2e-restart-${randomUUID()}`;
  const env = { SLA_LEVEL_HOURS: '0.0005,0.05,0.05' };
  let second: LocalHost | undefined;

  afterAll(async () => {
    await second?.stop();
  });

  it('re-arms the pending deadlines from the table, so a deadline missed while it was down still escalates', async () => {
    const first = await startTestHost({ tableName, env, sweepIntervalSeconds: 3600 });
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
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(created.body.dueAt) - Date.now()) + 300));
    second = await startTestHost({ tableName, env, sweepIntervalSeconds: 3600 });
    const head = await staffToken(second.url, 'head-1', ['customer-service-head']);
    const deadline = Date.now() + 10_000;
    let level = 1;
    while (level !== 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const r = await call<GrievanceBody>(second.url, 'GET', `/staff/grievances/${created.body.id}`, {
        token: head,
      });
      level = r.body.level;
    }
    expect(level).toBe(2);
    expect(second.outbox.alerts.filter((a) => a.subject.includes(created.body.id))).toHaveLength(1);
  });
});
