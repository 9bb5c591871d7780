import { handler as escalate } from '../../lambdas/events/escalation';
import { slaReportSchema } from '../../lambdas/schemas/grievance-response';
import type { LocalHost } from '../../local/host';
import { FixedClock } from '../support/clock';
import { ESCALATION_CONTEXT, T0 } from '../support/grievances';
import { call, customerToken, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

interface Body {
  id: string;
  level: number;
  dueAt: string | null;
  assignee?: { staffId: string; at: string };
  timeline: { type: string; label: string; staffId?: string }[];
}
interface Report {
  levels: { level: number; entered: number; escalatedOnDeadline: number; resolved: number }[];
  filed: number;
  openNow: { level: number; open: number; overdue: number }[];
  days: { date: string; filed: number; escalated: number }[];
}

const grievance = {
  name: 'Meera Iyer',
  category: 'REPAIR_DELAY',
  description: 'My phone has been at the service centre for three weeks now.',
  channel: 'APP',
};

describe('ownership and the SLA report over HTTP', () => {
  let host: LocalHost;
  const clock = new FixedClock(T0); // 2026-03-02 14:30 in India
  const phone = '+919812300777';
  let customer: string;
  let desk: string;
  let deskB: string;
  let head: string;
  let admin: string;

  beforeAll(async () => {
    host = await startTestHost({ env: { OTP_LOOKUP_MIN_MS: '0' }, clock, timers: 'manual' });
    customer = await customerToken(host.url, phone);
    desk = await staffToken(host.url, 'desk-a', ['grievance-desk']);
    deskB = await staffToken(host.url, 'desk-b', ['grievance-desk']);
    head = await staffToken(host.url, 'head-a', ['customer-service-head']);
    admin = await staffToken(host.url, 'admin-a', ['admin']);
  });
  afterAll(async () => {
    await host?.stop();
  });

  const file = async () => {
    const r = await call<Body>(host.url, 'POST', '/grievances', { token: customer, body: grievance });
    expect(r.status).toBe(201);
    return r.body;
  };
  const report = (from: string, to: string, token = head, headers: Record<string, string> = {}) =>
    call<Report>(host.url, 'GET', `/staff/reports/sla?from=${from}&to=${to}`, { token, headers });

  it('claims, refuses a second claimant, takes over, releases — and shows customers none of it', async () => {
    const g = await file();
    const claimed = await call<Body>(host.url, 'POST', `/staff/grievances/${g.id}/claim`, {
      token: desk,
      body: {},
    });
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toEqual({ staffId: 'desk-a', at: T0.toISOString() });
    expect(claimed.body.timeline.at(-1)).toMatchObject({ type: 'ASSIGNED', staffId: 'desk-a' });

    const refused = await call(host.url, 'POST', `/staff/grievances/${g.id}/claim`, {
      token: deskB,
      body: {},
    });
    expect([refused.status, refused.body.code]).toEqual([409, 'conflict']);
    const releaseRefused = await call(host.url, 'POST', `/staff/grievances/${g.id}/release`, {
      token: deskB,
    });
    expect(releaseRefused.status).toBe(403);

    const mine = await call<{ items: Body[] }>(host.url, 'GET', '/staff/grievances?assignee=me', {
      token: desk,
    });
    expect(mine.body.items.map((i) => i.id)).toEqual([g.id]);
    const nobodys = await call<{ items: Body[] }>(host.url, 'GET', '/staff/grievances?assignee=none', {
      token: desk,
    });
    expect(nobodys.body.items.map((i) => i.id)).not.toContain(g.id);

    const taken = await call<Body>(host.url, 'POST', `/staff/grievances/${g.id}/claim`, {
      token: deskB,
      body: { takeOver: true },
    });
    expect([taken.status, taken.body.assignee?.staffId]).toEqual([200, 'desk-b']);
    const byId = await call<{ items: Body[] }>(host.url, 'GET', '/staff/grievances?assignee=desk-b', {
      token: head,
    });
    expect(byId.body.items.map((i) => i.id)).toEqual([g.id]);

    const released = await call<Body>(host.url, 'POST', `/staff/grievances/${g.id}/release`, {
      token: admin,
    });
    expect(released.status).toBe(200);
    expect(released.body.assignee).toBeUndefined();
    expect(released.body.timeline.map((e) => e.type)).toEqual([
      'CREATED',
      'ASSIGNED',
      'ASSIGNED',
      'UNASSIGNED',
    ]);

    await call(host.url, 'POST', `/staff/grievances/${g.id}/claim`, { token: desk, body: {} });
    const seen = await call<Body>(host.url, 'GET', `/grievances/${g.id}`, { token: customer });
    expect(seen.body.assignee).toBeUndefined();
    expect(seen.body.timeline.map((e) => e.type)).toEqual(['CREATED']);
    const listed = await call<{ items: Body[] }>(host.url, 'GET', '/grievances', { token: customer });
    expect(listed.body.items.every((i) => i.assignee === undefined)).toBe(true);
  });

  it('refuses an assignee filter that is no staff id', async () => {
    const bad = await call(host.url, 'GET', '/staff/grievances?assignee=a%20b', { token: desk });
    expect(bad.status).toBe(400);
  });

  it('counts a deadline delivered twice at once and once late as one escalation, and clears the claim', async () => {
    const before = (await report('2026-03-01', '2026-03-05')).body;
    const g = await file();
    await call(host.url, 'POST', `/staff/grievances/${g.id}/claim`, { token: desk, body: {} });
    const dueAt = g.dueAt ?? '';
    clock.set(new Date(Date.parse(dueAt) + 1000));
    const event = { grievanceId: g.id, level: 1, dueAt };
    const outcomes = await Promise.all([
      escalate(event, ESCALATION_CONTEXT),
      escalate(event, ESCALATION_CONTEXT),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['ESCALATED', 'IGNORED']);
    clock.advance(3600);
    expect((await escalate(event, ESCALATION_CONTEXT)).outcome).toBe('IGNORED');
    await host.fireDueDeadlines();
    await host.sweep();

    const after = await report('2026-03-01', '2026-03-05');
    expect(after.status).toBe(200);
    expect(() => slaReportSchema.parse(after.body)).not.toThrow();
    const l1 = (r: Report) => r.levels[0]?.escalatedOnDeadline ?? 0;
    const l2 = (r: Report) => r.levels[1]?.entered ?? 0;
    // The first test's grievance is due at the same moment and escalates too (via the host's timer): two.
    expect(l1(after.body) - l1(before)).toBe(2);
    expect(l2(after.body) - l2(before)).toBe(2);
    expect(after.body.filed - before.filed).toBe(1);
    const staffView = await call<Body>(host.url, 'GET', `/staff/grievances/${g.id}`, { token: head });
    expect(staffView.body.level).toBe(2);
    expect(staffView.body.assignee).toBeUndefined();
    expect(staffView.body.timeline.filter((e) => e.type === 'ESCALATED')).toHaveLength(1);
    const aboveLevel = await call(host.url, 'POST', `/staff/grievances/${g.id}/claim`, {
      token: desk,
      body: {},
    });
    expect(aboveLevel.status).toBe(403);
  });

  it('answers the days as CSV with Accept: text/csv', async () => {
    const csv = await report('2026-03-02', '2026-03-04', head, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('date,filed,resolved,escalated,breached');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['date', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(lines[1]).toBe('2026-03-02,2,0,0,0');
    expect(lines[3]).toBe('2026-03-04,0,0,2,0');
  });

  it('refuses a reversed range, more than 366 days and the grievance desk', async () => {
    const reversed = await report('2026-03-05', '2026-03-01');
    expect([
      reversed.status,
      (reversed.body as unknown as { errors: { path: string }[] }).errors[0]?.path,
    ]).toEqual([400, 'to']);
    const long = await report('2025-01-01', '2026-01-02');
    expect([long.status, (long.body as unknown as { errors: { path: string }[] }).errors[0]?.path]).toEqual([
      400,
      'to',
    ]);
    expect((await report('2025-01-01', '2026-01-01')).status).toBe(200);
    expect((await report('2026-02-30', '2026-03-01')).status).toBe(400);
    expect((await report('2026-03-01', '2026-03-02', desk)).status).toBe(403);
  });
});
