import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { serviceOrderIndexAttributes } from '../../lambdas/adapters/dynamodb/service-order-repository';
import type { ServiceOrder } from '../../lambdas/domain/service-order';
import type { LocalHost } from '../../local/host';
import { FixedClock } from '../support/clock';
import { T0 } from '../support/grievances';
import { call, customerToken, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

interface TimelineEvent {
  type: string;
  level: number;
  reason?: string;
  actor: string;
}
interface GrievanceBody {
  id: string;
  status: string;
  level: number;
  levelName: string;
  dueAt: string | null;
  slaBreached: boolean;
  timeline: TimelineEvent[];
}

const body = (description = 'My phone was returned from repair with a cracked screen.') => ({
  name: 'Asha Rao',
  email: 'asha@example.com',
  category: 'REPAIR_QUALITY',
  description,
  channel: 'APP',
});

/** A service order written straight into the host's table (this suite does not depend on its routes). */
async function seedServiceOrder(host: LocalHost, id: string, phone: string): Promise<string> {
  const at = new Date().toISOString();
  const order: ServiceOrder = {
    id,
    status: 'UNDER_INSPECTION',
    customer: { name: 'Asha Rao', phone },
    device: { model: 'Redmi Note 13' },
    issue: 'Screen flickers',
    serviceCentre: 'Bengaluru',
    createdAt: at,
    updatedAt: at,
    timeline: [{ at, status: 'UNDER_INSPECTION' }],
  };
  const client = new DynamoDBClient({ endpoint: host.dynamoEndpoint });
  try {
    await DynamoDBDocumentClient.from(client).send(
      new PutCommand({
        TableName: host.tableName,
        Item: { ...order, ...serviceOrderIndexAttributes(order) },
      }),
    );
  } finally {
    client.destroy();
  }
  return id;
}

const SLA_MS = 3_600; // SLA_LEVEL_HOURS=0.001 for every level
const REMINDER_BEFORE_MS = SLA_MS / 4; // the 75 % reminder

// One host for the file (handlers keep their ports per process): every level's SLA is 3.6 s on the
// host's clock, which stands still until a test moves it; deadlines fire only when it does.
describe('grievances over HTTP on the local host (SLA 3.6 s per level, on a clock the tests move)', () => {
  let host: LocalHost;
  const clock = new FixedClock(T0);
  const phone = '+919812300001';
  let token: string;
  let desk: string;
  let head: string;
  let president: string;

  /** Moves the host's clock to `to` and fires every deadline due by then, as its timers would; how many. */
  const advanceTo = async (to: number): Promise<number> => {
    expect(to).toBeGreaterThanOrEqual(clock.now().getTime()); // time only moves forward
    clock.set(new Date(to));
    return host.fireDueDeadlines();
  };
  const staffView = async (id: string): Promise<GrievanceBody> =>
    (await call<GrievanceBody>(host.url, 'GET', `/staff/grievances/${id}`, { token: president })).body;
  const remindersFor = (id: string) =>
    host.outbox.alerts.filter((a) => a.subject.startsWith('Reminder') && a.subject.includes(id));

  beforeAll(async () => {
    host = await startTestHost({
      env: { SLA_LEVEL_HOURS: '0.001,0.001,0.001', OTP_LOOKUP_MIN_MS: '0' },
      clock,
      timers: 'manual',
      sweepIntervalSeconds: 3600,
    });
    token = await customerToken(host.url, phone);
    desk = await staffToken(host.url, 'desk-1', ['grievance-desk']);
    head = await staffToken(host.url, 'head-1', ['customer-service-head']);
    president = await staffToken(host.url, 'president-1', ['president-office']);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('escalates 1 → 2 → 3 and then breaches the SLA, telling the customer and every team', async () => {
    const created = await call<GrievanceBody>(host.url, 'POST', '/grievances', { token, body: body() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'OPEN',
      level: 1,
      levelName: 'Grievance Desk',
      slaBreached: false,
    });
    const id = created.body.id;
    expect(Date.parse(created.body.dueAt ?? '')).toBe(clock.now().getTime() + SLA_MS);

    // Each level in turn: its team is reminded at 75 % of the SLA, and it escalates when the deadline
    // passes unresolved — not a millisecond before.
    for (const level of [1, 2, 3]) {
      const open = await staffView(id);
      expect(open).toMatchObject({ status: 'OPEN', level, slaBreached: false });
      const due = Date.parse(open.dueAt ?? '');
      const events = open.timeline.length;

      await advanceTo(due - REMINDER_BEFORE_MS - 1);
      expect(remindersFor(id).filter((a) => a.topic === `level-${level}`)).toHaveLength(0);
      await advanceTo(due - REMINDER_BEFORE_MS);
      expect(remindersFor(id).filter((a) => a.topic === `level-${level}`)).toHaveLength(1);

      await advanceTo(due - 1);
      await host.sweep();
      expect(await staffView(id)).toMatchObject({ level, slaBreached: false, timeline: open.timeline });

      await advanceTo(due);
      const after = await staffView(id);
      expect(after.timeline).toHaveLength(events + 1);
      expect(after.timeline.at(-1)).toMatchObject({
        type: level < 3 ? 'ESCALATED' : 'SLA_BREACHED',
        level: Math.min(level + 1, 3),
        reason: 'DEADLINE',
        actor: 'SYSTEM',
      });
      if (level < 3) expect(Date.parse(after.dueAt ?? '')).toBe(due + SLA_MS); // from the moment of escalation
    }

    const breached = await staffView(id);
    expect(breached).toMatchObject({
      status: 'OPEN',
      level: 3,
      levelName: 'Office of the President',
      slaBreached: true,
    });
    expect(breached.timeline.map((e) => [e.type, e.level, e.reason ?? null])).toEqual([
      ['CREATED', 1, null],
      ['ESCALATED', 2, 'DEADLINE'],
      ['ESCALATED', 3, 'DEADLINE'],
      ['SLA_BREACHED', 3, 'DEADLINE'],
    ]);

    // A breached deadline is not pending any more: ten SLAs later, with every due timer and a sweep, nothing happens.
    expect(await advanceTo(clock.now().getTime() + 10 * SLA_MS)).toBe(0);
    expect((await host.sweep()).changed).toBe(0);
    const later = await staffView(id);
    expect(later.timeline).toHaveLength(4);

    const sms = host.outbox.sms.filter((m) => m.to === phone && m.body.includes(id));
    expect(sms.map((m) => m.body)).toEqual([
      expect.stringContaining('registered'),
      expect.stringContaining('escalated to the Head of Customer Service'),
      expect.stringContaining('escalated to the Office of the President'),
    ]);
    const alerts = host.outbox.alerts.filter((a) => a.body.includes(id) && a.subject.includes(id));
    const topics = alerts.map((a) => a.topic);
    expect(topics).toEqual(expect.arrayContaining(['level-2', 'level-3', 'operations']));
    expect(
      alerts.filter((a) => a.topic === 'operations' && a.subject.startsWith('SLA breached')),
    ).toHaveLength(1);
    expect(alerts.filter((a) => a.subject.includes('escalated to level 2'))).toHaveLength(1);
    expect(alerts.filter((a) => a.subject.includes('escalated to level 3'))).toHaveLength(1);
    // The 75 % reminders went to each level's team, once each.
    for (const topic of ['level-1', 'level-2', 'level-3'])
      expect(alerts.filter((a) => a.topic === topic && a.subject.startsWith('Reminder'))).toHaveLength(1);

    const outbox = await call<{ alerts: { body: string }[] }>(host.url, 'GET', '/_local/alerts');
    expect(outbox.body.alerts.filter((a) => a.body.includes(id)).length).toBe(alerts.length);
  });

  it('resolves at level 1, does not escalate, escalates on unsatisfied feedback and closes when satisfied', async () => {
    const created = await call<GrievanceBody>(host.url, 'POST', '/grievances', { token, body: body() });
    expect(created.status).toBe(201);
    const { id, dueAt } = created.body;
    // Filed at the same moment and left alone: shows that the same deadline does escalate what is not resolved.
    const control = await call<GrievanceBody>(host.url, 'POST', '/grievances', { token, body: body() });
    expect(control.body.dueAt).toBe(dueAt);

    const resolved = await call<GrievanceBody>(host.url, 'POST', `/staff/grievances/${id}/responses`, {
      token: desk,
      body: { message: 'We will replace the screen free of charge.', resolve: true },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', level: 1, dueAt: null });

    // Past the old level-1 deadline, with every due timer fired and a sweep: still RESOLVED at level 1.
    await advanceTo(Date.parse(dueAt ?? '') + 800);
    await host.sweep();
    const after = await call<GrievanceBody>(host.url, 'GET', `/grievances/${id}`, { token });
    expect(after.body).toMatchObject({ status: 'RESOLVED', level: 1 });
    expect(after.body.timeline.map((e) => e.type)).toEqual(['CREATED', 'RESOLVED']);
    expect(await staffView(control.body.id)).toMatchObject({ status: 'OPEN', level: 2 });

    const unhappy = await call<GrievanceBody>(host.url, 'POST', `/grievances/${id}/feedback`, {
      token,
      body: { satisfied: false, rating: 2, comment: 'The replacement screen is also cracked.' },
    });
    expect(unhappy.status).toBe(200);
    expect(unhappy.body).toMatchObject({ status: 'OPEN', level: 2, levelName: 'Head of Customer Service' });
    expect(unhappy.body.timeline.at(-1)).toMatchObject({
      type: 'ESCALATED',
      level: 2,
      reason: 'CUSTOMER_UNSATISFIED',
      actor: 'CUSTOMER',
    });

    const refused = await call(host.url, 'POST', `/staff/grievances/${id}/responses`, {
      token: desk,
      body: { message: 'Trying to resolve again.', resolve: true },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');

    const note = await call<GrievanceBody>(host.url, 'POST', `/staff/grievances/${id}/responses`, {
      token: head,
      body: { message: 'Called the service centre manager.', internal: true },
    });
    expect(note.status).toBe(200);
    expect(note.body.timeline.at(-1)).toMatchObject({ type: 'NOTE', actor: 'STAFF' });

    const headResolves = await call<GrievanceBody>(host.url, 'POST', `/staff/grievances/${id}/responses`, {
      token: head,
      body: { message: 'A new handset will be delivered tomorrow.', resolve: true },
    });
    expect(headResolves.status).toBe(200);
    expect(headResolves.body).toMatchObject({ status: 'RESOLVED', level: 2 });

    const customerView = await call<GrievanceBody>(host.url, 'GET', `/grievances/${id}`, { token });
    expect(customerView.body.timeline.map((e) => e.type)).not.toContain('NOTE');

    const happy = await call<GrievanceBody>(host.url, 'POST', `/grievances/${id}/feedback`, {
      token,
      body: { satisfied: true, rating: 5 },
    });
    expect(happy.status).toBe(200);
    expect(happy.body.status).toBe('CLOSED');
    expect(happy.body.timeline.at(-1)).toMatchObject({ type: 'CLOSED', reason: 'CUSTOMER_SATISFIED' });

    const closedAgain = await call(host.url, 'POST', `/staff/grievances/${id}/responses`, {
      token: head,
      body: { message: 'One more thing.' },
    });
    expect(closedAgain.status).toBe(409);
    const feedbackAgain = await call(host.url, 'POST', `/grievances/${id}/feedback`, {
      token,
      body: { satisfied: true },
    });
    expect(feedbackAgain.status).toBe(409);

    const sms = host.outbox.sms.filter((m) => m.to === phone).map((m) => m.body);
    for (const m of sms.filter((b) => !/verification code/.test(b))) expect(m).toMatch(/GRV-/);
    expect(sms.filter((b) => b.includes(id))).toEqual([
      expect.stringContaining('registered'),
      expect.stringContaining('has been resolved'),
      expect.stringContaining('escalated to the Head of Customer Service'),
      expect.stringContaining('has been resolved'),
      expect.stringContaining('closed'),
    ]);
    const alerts = host.outbox.alerts.filter((a) => a.body.includes(id));
    expect(alerts.map((a) => a.topic)).toEqual(['level-2']);
    expect(alerts[0]?.subject).toContain(id);
  });

  it('requires a comment with unsatisfied feedback and only takes feedback on a resolved grievance', async () => {
    const created = await call<GrievanceBody>(host.url, 'POST', '/grievances', { token, body: body() });
    const early = await call(host.url, 'POST', `/grievances/${created.body.id}/feedback`, {
      token,
      body: { satisfied: true },
    });
    expect(early.status).toBe(409);
    const noComment = await call<{ errors: { path: string }[] }>(
      host.url,
      'POST',
      `/grievances/${created.body.id}/feedback`,
      { token, body: { satisfied: false } },
    );
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors.map((e) => e.path)).toEqual(['comment']);
  });

  it("answers 404 for another phone's grievance and lists only the caller's own", async () => {
    const created = await call<GrievanceBody>(host.url, 'POST', '/grievances', { token, body: body() });
    const other = await customerToken(host.url, '+919812300003');
    const r = await call(host.url, 'GET', `/grievances/${created.body.id}`, { token: other });
    expect(r.status).toBe(404);
    const feedback = await call(host.url, 'POST', `/grievances/${created.body.id}/feedback`, {
      token: other,
      body: { satisfied: true },
    });
    expect(feedback.status).toBe(404);
    const list = await call<{ items: { id: string }[] }>(host.url, 'GET', '/grievances', { token: other });
    expect(list.body.items).toEqual([]);
    const mine = await call<{ items: { id: string; timeline?: unknown }[] }>(host.url, 'GET', '/grievances', {
      token,
    });
    expect(mine.body.items.map((g) => g.id)).toContain(created.body.id);
    expect(mine.body.items[0]?.timeline).toBeUndefined();
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses it with another body', async () => {
    const headers = { 'Idempotency-Key': 'create-7d1f0b7c' };
    const first = await call<GrievanceBody>(host.url, 'POST', '/grievances', {
      token,
      body: body(),
      headers,
    });
    const again = await call<GrievanceBody>(host.url, 'POST', '/grievances', {
      token,
      body: body(),
      headers,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const smsForIt = host.outbox.sms.filter((m) => m.body.includes(first.body.id));
    expect(smsForIt).toHaveLength(1);

    const different = await call(host.url, 'POST', '/grievances', {
      token,
      body: body('A different complaint about the repair.'),
      headers,
    });
    expect(different.status).toBe(422);
    expect(different.headers.get('content-type')).toBe('application/problem+json');

    // The key is the caller's: another customer may use the same key for their own grievance.
    const other = await customerToken(host.url, '+919812300004');
    const theirs = await call<GrievanceBody>(host.url, 'POST', '/grievances', {
      token: other,
      body: body(),
      headers,
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it("files a walk-in customer's grievance for a service order of that phone only", async () => {
    const centre = await staffToken(host.url, 'centre-1', ['service-centre']);
    const filed = await call<GrievanceBody & { customer: { phone: string } }>(
      host.url,
      'POST',
      '/staff/grievances',
      {
        token: centre,
        body: { ...body(), phone: '98123 00005', channel: 'SERVICE_CENTRE' },
      },
    );
    expect(filed.status).toBe(201);
    expect(filed.body.customer.phone).toBe('+919812300005');
    expect(filed.body.timeline[0]).toMatchObject({ type: 'CREATED', actor: 'STAFF' });

    const order = await seedServiceOrder(host, 'SO7XKQ2M4PZA', '+919812300005');
    const linked = await call(host.url, 'POST', '/staff/grievances', {
      token: centre,
      body: { ...body(), phone: '+919812300005', serviceOrderId: order },
    });
    expect(linked.status).toBe(201);
    const wrongPhone = await call<{ errors: { path: string }[] }>(host.url, 'POST', '/staff/grievances', {
      token: centre,
      body: { ...body(), phone: '+919812300006', serviceOrderId: order },
    });
    expect(wrongPhone.status).toBe(400);
    expect(wrongPhone.body.errors.map((e) => e.path)).toEqual(['serviceOrderId']);
    const missing = await call<{ errors: { path: string }[] }>(host.url, 'POST', '/grievances', {
      token,
      body: { ...body(), serviceOrderId: 'SO2345678923' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e) => e.path)).toEqual(['serviceOrderId']);
  });

  it('shows staff the queue of their levels, most urgent first, page by page', async () => {
    const filed: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(0.1); // a moment apart, so each has its own deadline to order by
      const r = await call<GrievanceBody>(host.url, 'POST', '/grievances', { token, body: body() });
      filed.push(r.body.id);
    }
    const seen: { id: string; dueAt: string; level: number }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/staff/grievances?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await call<{
        items: { id: string; dueAt: string; level: number }[];
        nextCursor: string | null;
      }>(host.url, 'GET', query, { token: desk });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen.map((g) => g.id)).toEqual(expect.arrayContaining(filed));
    expect(new Set(seen.map((g) => g.id)).size).toBe(seen.length);
    expect(seen.every((g) => g.level === 1)).toBe(true);
    const dues = seen.map((g) => g.dueAt);
    expect(dues).toEqual([...dues].sort());

    const above = await call(host.url, 'GET', '/staff/grievances?level=2', { token: desk });
    expect(above.status).toBe(403);
    const centre = await staffToken(host.url, 'centre-2', ['service-centre']);
    expect((await call(host.url, 'GET', '/staff/grievances', { token: centre })).status).toBe(403);
    expect((await call(host.url, 'GET', '/staff/grievances?limit=0', { token: desk })).status).toBe(400);
    expect((await call(host.url, 'GET', '/staff/grievances?cursor=bogus', { token: desk })).status).toBe(400);
  });
});
