import type { Grievance } from '../../lambdas/domain/grievance';
import { describeDuration } from '../../lambdas/domain/grievance-messages';
import {
  type Change,
  createGrievance,
  customerFeedback,
  type DeadlineDecision,
  decideDeadline,
  escalateOnDeadline,
  staffRespond,
} from '../../lambdas/domain/grievance-rules';
import { dueAfter, pendingDeadline, reminderAt, slaMs } from '../../lambdas/domain/grievance-sla';
import { ConflictError, ForbiddenError, ValidationError } from '../../lambdas/errors';
import { SETTINGS, T0 } from '../support/grievances';

const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const PHONE = '+919812345670';

const open = (): Grievance =>
  createGrievance(
    {
      customer: { name: 'Asha', phone: PHONE },
      category: 'REPAIR_DELAY',
      description: 'Phone not returned after two weeks.',
      channel: 'WEB',
    },
    { id: 'GRV-ABCDEFGHJK', now: T0, actor: 'CUSTOMER' },
    SETTINGS,
  ).grievance;

function changed(decision: DeadlineDecision): Change {
  if (decision.kind !== 'CHANGE') throw new Error(`expected a change, got ${JSON.stringify(decision)}`);
  return decision.change;
}

const deadlineOf = (g: Grievance) => ({ grievanceId: g.id, level: g.level, dueAt: g.dueAt ?? '' });
const desk = { sub: 'desk-1', level: 1 };
const head = { sub: 'head-1', level: 2 };

describe('SLA arithmetic', () => {
  it('reads the SLA of each level in hours, fractions included', () => {
    expect(slaMs(1, SETTINGS)).toBe(48 * 3_600_000);
    expect(slaMs(3, { ...SETTINGS, slaLevelHours: [0.0005, 1, 1] })).toBe(3_600_000);
    expect(slaMs(1, { ...SETTINGS, slaLevelHours: [0.0005, 1, 1] })).toBe(1800);
    expect(dueAfter(T0, 2, SETTINGS)).toBe('2026-03-03T09:00:00.000Z');
  });

  it('reminds after 75 % of the level SLA', () => {
    expect(reminderAt(1, '2026-03-04T09:00:00.000Z', SETTINGS)).toBe('2026-03-03T21:00:00.000Z');
  });

  it('describes durations the way a customer reads them', () => {
    expect(describeDuration(48 * 3_600_000)).toBe('48 hours');
    expect(describeDuration(90 * 60_000)).toBe('1.5 hours');
    expect(describeDuration(1800)).toBe('2 seconds');
  });
});

describe('rule 1: a new grievance', () => {
  it('is OPEN at level 1, due after the level-1 SLA, and acknowledged by SMS naming its id and response time', () => {
    const { grievance, effects } = createGrievance(
      {
        customer: { name: 'Asha', phone: PHONE },
        category: 'REPAIR_DELAY',
        description: 'Phone not returned after two weeks.',
        channel: 'WEB',
      },
      { id: 'GRV-ABCDEFGHJK', now: T0, actor: 'CUSTOMER' },
      SETTINGS,
    );
    expect(grievance).toMatchObject({
      status: 'OPEN',
      level: 1,
      levelName: 'Grievance Desk',
      dueAt: '2026-03-04T09:00:00.000Z',
      slaBreached: false,
      timeline: [{ type: 'CREATED', level: 1, actor: 'CUSTOMER', at: T0.toISOString() }],
    });
    expect(effects.sms).toEqual([
      { to: PHONE, kind: 'GRIEVANCE_REGISTERED', body: expect.stringContaining('GRV-ABCDEFGHJK') },
    ]);
    expect(effects.sms[0]?.body).toContain('48 hours');
    expect(effects.arm).toEqual([
      { event: deadlineOf(grievance), at: '2026-03-04T09:00:00.000Z' },
      { event: { ...deadlineOf(grievance), kind: 'REMINDER' }, at: '2026-03-03T21:00:00.000Z' },
    ]);
  });
});

describe('rules 2 and 3: deadlines', () => {
  it('escalates to level 2 when the level-1 deadline passes unresolved', () => {
    const g = open();
    const { grievance, effects } = changed(escalateOnDeadline(g, deadlineOf(g), at(48), SETTINGS));
    expect(grievance).toMatchObject({ status: 'OPEN', level: 2, levelName: 'Head of Customer Service' });
    expect(grievance.dueAt).toBe(at(48 + 24).toISOString());
    expect(grievance.timeline.at(-1)).toEqual({
      at: at(48).toISOString(),
      type: 'ESCALATED',
      level: 2,
      actor: 'SYSTEM',
      reason: 'DEADLINE',
    });
    expect(effects.alerts).toEqual([
      expect.objectContaining({ topic: 'level-2', level: 2, grievanceId: g.id }),
    ]);
    expect(effects.sms).toEqual([
      { to: PHONE, kind: 'GRIEVANCE_ESCALATED', body: expect.stringContaining(g.id) },
    ]);
    expect(effects.arm.map((a) => a.event)).toEqual([
      deadlineOf(grievance),
      { ...deadlineOf(grievance), kind: 'REMINDER' },
    ]);
  });

  it('escalates from the moment of escalation, even when the delivery is late', () => {
    const g = open();
    const { grievance } = changed(escalateOnDeadline(g, deadlineOf(g), at(50), SETTINGS));
    expect(grievance.dueAt).toBe(at(50 + 24).toISOString());
  });

  it('waits for a delivery that arrives before the deadline', () => {
    const g = open();
    expect(escalateOnDeadline(g, deadlineOf(g), at(47.99), SETTINGS)).toEqual({
      kind: 'EARLY',
      fireAt: g.dueAt,
    });
  });

  it('ignores the same deadline delivered again after the escalation', () => {
    const g = open();
    const { grievance } = changed(escalateOnDeadline(g, deadlineOf(g), at(48), SETTINGS));
    expect(escalateOnDeadline(grievance, deadlineOf(g), at(49), SETTINGS).kind).toBe('IGNORE');
  });

  it('ignores a deadline of a grievance that was resolved in time', () => {
    const g = open();
    const { grievance } = staffRespond(g, { message: 'Fixed', resolve: true }, desk, at(10), SETTINGS);
    expect(escalateOnDeadline(grievance, deadlineOf(g), at(48), SETTINGS).kind).toBe('IGNORE');
  });

  it('marks the SLA breached at level 3, alerts the president and operations, and stays OPEN at level 3', () => {
    let g = open();
    g = changed(escalateOnDeadline(g, deadlineOf(g), at(48), SETTINGS)).grievance;
    g = changed(escalateOnDeadline(g, deadlineOf(g), at(72), SETTINGS)).grievance;
    expect(g.level).toBe(3);
    const level3 = deadlineOf(g);
    const { grievance, effects } = changed(escalateOnDeadline(g, level3, at(84), SETTINGS));
    expect(grievance).toMatchObject({ status: 'OPEN', level: 3, slaBreached: true });
    expect(grievance.timeline.at(-1)).toMatchObject({ type: 'SLA_BREACHED', level: 3, actor: 'SYSTEM' });
    expect(effects.alerts.map((a) => a.topic)).toEqual(['level-3', 'operations']);
    expect(effects.alerts.every((a) => a.body.includes(g.id) && a.level === 3)).toBe(true);
    expect(effects.arm).toEqual([]);
    expect(pendingDeadline(grievance)).toBeNull();
    expect(escalateOnDeadline(grievance, level3, at(90), SETTINGS).kind).toBe('IGNORE');
  });
});

describe('rule 4: staff responses', () => {
  it('resolves: RESOLVED, no due time, the feedback window running, the customer told', () => {
    const g = open();
    const { grievance, effects } = staffRespond(
      g,
      { message: 'Your phone is ready.', resolve: true },
      desk,
      at(5),
      SETTINGS,
    );
    expect(grievance).toMatchObject({
      status: 'RESOLVED',
      dueAt: null,
      resolution: { message: 'Your phone is ready.', at: at(5).toISOString(), level: 1 },
      feedbackDueAt: at(5 + 168).toISOString(),
    });
    expect(grievance.timeline.at(-1)).toMatchObject({ type: 'RESOLVED', actor: 'STAFF', staffId: 'desk-1' });
    expect(effects.sms[0]?.body).toContain(g.id);
    expect(effects.disarm).toEqual([deadlineOf(g), { ...deadlineOf(g), kind: 'REMINDER' }]);
    expect(effects.arm).toEqual([
      { event: { grievanceId: g.id, level: 1, dueAt: at(173).toISOString() }, at: at(173).toISOString() },
    ]);
  });

  it('adds an internal note without changing the state or telling the customer', () => {
    const g = open();
    const { grievance, effects } = staffRespond(
      g,
      { message: 'Called the centre', internal: true },
      desk,
      at(1),
      SETTINGS,
    );
    expect(grievance).toMatchObject({ status: 'OPEN', level: 1, dueAt: g.dueAt });
    expect(grievance.timeline.at(-1)).toMatchObject({ type: 'NOTE', message: 'Called the centre' });
    expect(effects.sms).toEqual([]);
  });

  it('refuses staff below the grievance level with 403', () => {
    let g = open();
    g = changed(escalateOnDeadline(g, deadlineOf(g), at(48), SETTINGS)).grievance;
    expect(() => staffRespond(g, { message: 'hi' }, desk, at(49), SETTINGS)).toThrow(ForbiddenError);
    expect(staffRespond(g, { message: 'hi' }, head, at(49), SETTINGS).grievance.timeline.at(-1)?.type).toBe(
      'RESPONDED',
    );
  });

  it('refuses any response on a CLOSED grievance with 409', () => {
    let g = open();
    g = staffRespond(g, { message: 'done', resolve: true }, desk, at(1), SETTINGS).grievance;
    g = customerFeedback(g, { satisfied: true }, at(2), SETTINGS).grievance;
    expect(() => staffRespond(g, { message: 'more' }, head, at(3), SETTINGS)).toThrow(ConflictError);
  });
});

describe('rule 5: customer feedback', () => {
  const resolvedAt = (g: Grievance, staff = desk) =>
    staffRespond(g, { message: 'done', resolve: true }, staff, at(1), SETTINGS).grievance;

  it('closes a resolved grievance when the customer is satisfied', () => {
    const { grievance, effects } = customerFeedback(
      resolvedAt(open()),
      { satisfied: true, rating: 5 },
      at(2),
      SETTINGS,
    );
    expect(grievance.status).toBe('CLOSED');
    expect(grievance.feedback).toEqual({ satisfied: true, rating: 5, at: at(2).toISOString() });
    expect(grievance.timeline.at(-1)).toMatchObject({ type: 'CLOSED', reason: 'CUSTOMER_SATISFIED' });
    expect(pendingDeadline(grievance)).toBeNull();
    expect(effects.sms[0]?.body).toContain('GRV-ABCDEFGHJK');
  });

  it('escalates to the next level with a new deadline when the customer is not satisfied', () => {
    const { grievance, effects } = customerFeedback(
      resolvedAt(open()),
      { satisfied: false, comment: 'Still broken' },
      at(2),
      SETTINGS,
    );
    expect(grievance).toMatchObject({ status: 'OPEN', level: 2, dueAt: at(26).toISOString() });
    expect(grievance.timeline.at(-1)).toMatchObject({
      type: 'ESCALATED',
      level: 2,
      actor: 'CUSTOMER',
      reason: 'CUSTOMER_UNSATISFIED',
    });
    expect(effects.alerts.map((a) => a.topic)).toEqual(['level-2']);
  });

  it('reopens at level 3 when the customer is not satisfied with the president office', () => {
    let g = open();
    g = changed(escalateOnDeadline(g, deadlineOf(g), at(48), SETTINGS)).grievance;
    g = changed(escalateOnDeadline(g, deadlineOf(g), at(72), SETTINGS)).grievance;
    g = resolvedAt(g, { sub: 'p', level: 3 });
    const { grievance } = customerFeedback(g, { satisfied: false, comment: 'No' }, at(80), SETTINGS);
    expect(grievance).toMatchObject({ status: 'OPEN', level: 3, dueAt: at(92).toISOString() });
    expect(grievance.timeline.at(-1)).toMatchObject({
      type: 'REOPENED',
      level: 3,
      reason: 'CUSTOMER_UNSATISFIED',
    });
  });

  it('requires a comment when not satisfied (400 naming comment)', () => {
    try {
      customerFeedback(resolvedAt(open()), { satisfied: false }, at(2), SETTINGS);
      throw new Error('no error thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([{ path: 'comment', message: expect.any(String) }]);
    }
  });

  it('takes feedback only on a RESOLVED grievance (409)', () => {
    expect(() => customerFeedback(open(), { satisfied: true }, at(2), SETTINGS)).toThrow(ConflictError);
  });
});

describe('rule 6: no feedback', () => {
  it('closes a resolved grievance whose feedback window ran out', () => {
    const g = staffRespond(open(), { message: 'done', resolve: true }, desk, at(1), SETTINGS).grievance;
    const event = { grievanceId: g.id, level: 1, dueAt: g.feedbackDueAt ?? '' };
    expect(decideDeadline(g, event, at(100), SETTINGS).kind).toBe('EARLY');
    const { grievance } = changed(decideDeadline(g, event, at(169), SETTINGS));
    expect(grievance.status).toBe('CLOSED');
    expect(grievance.timeline.at(-1)).toMatchObject({
      type: 'CLOSED',
      actor: 'SYSTEM',
      reason: 'NO_FEEDBACK',
    });
    expect(decideDeadline(grievance, event, at(170), SETTINGS).kind).toBe('IGNORE');
  });
});
