import type { Grievance } from '../../lambdas/domain/grievance';
import {
  claimGrievance,
  createGrievance,
  customerFeedback,
  releaseGrievance,
  staffRespond,
} from '../../lambdas/domain/grievance-rules';
import {
  BUCKET_BOUNDS,
  bucketOf,
  type Counters,
  dayIn,
  daysCsv,
  histogramCounter,
  OVERFLOW_BUCKET,
  percentile,
  statsDelta,
  summarize,
} from '../../lambdas/domain/grievance-stats';
import { ConflictError, ForbiddenError } from '../../lambdas/errors';
import { escalatedAt, hoursAfterT0, SETTINGS, T0 } from '../support/grievances';

const TZ = 'Asia/Kolkata';
const at = hoursAfterT0;
const escalated = escalatedAt;
const desk = { sub: 'desk-1', level: 1 };
const deskB = { sub: 'desk-2', level: 1 };
const head = { sub: 'head-1', level: 2 };

const filed = (): Grievance =>
  createGrievance(
    {
      customer: { name: 'Asha', phone: '+919812345670' },
      category: 'REPAIR_DELAY',
      description: 'Phone not returned after two weeks.',
      channel: 'WEB',
    },
    { id: 'GRV-ABCDEFGHJK', now: T0, actor: 'CUSTOMER' },
    SETTINGS,
  ).grievance;

describe('the report day', () => {
  it('is the calendar day in the report time zone, not in UTC', () => {
    expect(dayIn('2026-03-02T18:29:59.999Z', TZ)).toBe('2026-03-02');
    expect(dayIn('2026-03-02T18:30:00.000Z', TZ)).toBe('2026-03-03');
    expect(dayIn('2026-03-02T18:30:00.000Z', 'UTC')).toBe('2026-03-02');
  });
});

describe('the resolution-time histogram', () => {
  it('has 15-minute buckets up to 2 h, hourly ones up to 168 h, then an overflow', () => {
    expect(BUCKET_BOUNDS.slice(0, 9)).toEqual([15, 30, 45, 60, 75, 90, 105, 120, 180]);
    expect(BUCKET_BOUNDS.at(-1)).toBe(168 * 60);
    expect(OVERFLOW_BUCKET).toBe(174);
    expect([bucketOf(0), bucketOf(14.9), bucketOf(15), bucketOf(119), bucketOf(120), bucketOf(179)]).toEqual([
      0, 0, 1, 7, 8, 8,
    ]);
    expect([bucketOf(168 * 60 - 1), bucketOf(168 * 60), bucketOf(1e9)]).toEqual([173, 174, 174]);
  });

  it('reads percentiles by nearest rank as the bucket upper bound', () => {
    const h = new Array(OVERFLOW_BUCKET + 1).fill(0);
    h[0] = 5; // < 15 min
    h[8] = 4; // 2–3 h
    h[OVERFLOW_BUCKET] = 1;
    expect(percentile(h, 0.5)).toBe(15);
    expect(percentile(h, 0.9)).toBe(180);
    expect(percentile(h, 1)).toBe(10_080);
    expect(percentile(new Array(5).fill(0), 0.5)).toBeNull();
  });
});

describe('statsDelta: a change as counter increments', () => {
  it('counts a filing as filed and a level-1 arrival, and one more OPEN at level 1', () => {
    const g = filed();
    expect(statsDelta(undefined, g, TZ)).toEqual({
      days: { '2026-03-02': { filed: 1, l1_entered: 1 } },
      running: { open_l1: 1 },
    });
  });

  it('counts a deadline escalation once: level 1 escalatedOnDeadline, level 2 entered, open moves', () => {
    const g = filed();
    const next = escalated(g, 48);
    expect(statsDelta(g, next, TZ)).toEqual({
      days: { '2026-03-04': { l1_escalatedOnDeadline: 1, l2_entered: 1, escalated: 1 } },
      running: { open_l1: -1, open_l2: 1 },
    });
    // The same grievance written again unchanged (a duplicate delivery that lost) counts nothing.
    expect(statsDelta(next, next, TZ)).toEqual({ days: {}, running: {} });
  });

  it('counts a level-3 breach as breached and as OPEN with no pending deadline', () => {
    const three = escalated(escalated(filed(), 48), 72);
    const breached = escalated(three, 84);
    expect(statsDelta(three, breached, TZ)).toEqual({
      // T0 + 84 h is 21:00 UTC on the 5th: already the 6th in India.
      days: { '2026-03-06': { l3_breached: 1, breached: 1 } },
      running: { stalled_l3: 1 },
    });
  });

  it('counts a resolution within the SLA with its minutes since arriving at the level', () => {
    const g = filed();
    const resolved = staffRespond(g, { message: 'Fixed.', resolve: true }, desk, at(2.5), SETTINGS).grievance;
    expect(statsDelta(g, resolved, TZ)).toEqual({
      days: {
        '2026-03-02': {
          l1_resolved: 1,
          l1_resolvedWithinSla: 1,
          resolved: 1,
          [histogramCounter(1, bucketOf(150))]: 1,
        },
      },
      running: { open_l1: -1 },
    });
  });

  it('counts unsatisfied feedback as escalatedUnhappy with the rating, and satisfied feedback as closed', () => {
    const g = filed();
    const resolved = staffRespond(g, { message: 'Fixed.', resolve: true }, desk, at(1), SETTINGS).grievance;
    const unhappy = customerFeedback(
      resolved,
      { satisfied: false, rating: 2, comment: 'No.' },
      at(3),
      SETTINGS,
    ).grievance;
    expect(statsDelta(resolved, unhappy, TZ).days['2026-03-02']).toEqual({
      l1_escalatedUnhappy: 1,
      l2_entered: 1,
      escalated: 1,
      unsatisfied: 1,
      rated: 1,
      ratingSum: 2,
    });
    const again = staffRespond(
      unhappy,
      { message: 'Replaced.', resolve: true },
      head,
      at(4),
      SETTINGS,
    ).grievance;
    const happy = customerFeedback(again, { satisfied: true, rating: 5 }, at(5), SETTINGS).grievance;
    expect(statsDelta(again, happy, TZ)).toEqual({
      days: { '2026-03-02': { closed: 1, satisfied: 1, rated: 1, ratingSum: 5 } },
      running: {},
    });
  });

  it('counts nothing for a note, a response, a claim or a release', () => {
    const g = filed();
    const noted = staffRespond(g, { message: 'Looking.', internal: true }, desk, at(1), SETTINGS).grievance;
    const claimed = claimGrievance(noted, {}, desk, at(2), SETTINGS).grievance;
    const released = releaseGrievance(claimed, { ...desk, isAdmin: false }, at(3), SETTINGS).grievance;
    for (const [a, b] of [
      [g, noted],
      [noted, claimed],
      [claimed, released],
    ] as const)
      expect(statsDelta(a, b, TZ)).toEqual({ days: {}, running: {} });
  });
});

describe('summarize', () => {
  it('adds up the days asked, fills missing days with zeros and never shows a running counter below zero', () => {
    const report = summarize({
      from: '2026-03-01',
      to: '2026-03-03',
      timeZone: TZ,
      days: new Map<string, Counters>([
        ['2026-03-01', { filed: 2, l1_entered: 2, l1_resolved: 1, [histogramCounter(1, 0)]: 1 }],
        ['2026-03-03', { escalated: 1, l1_escalatedOnDeadline: 1, l2_entered: 1, rated: 2, ratingSum: 7 }],
        ['2026-03-09', { filed: 99 }],
      ]),
      running: { open_l1: 3, open_l2: -1, stalled_l3: 1 },
      overdueDeadlines: { 1: 2, 2: 0, 3: 0 },
    });
    expect(report.filed).toBe(2);
    expect(report.levels[0]).toMatchObject({
      entered: 2,
      resolved: 1,
      escalatedOnDeadline: 1,
      medianResolutionMinutes: 15,
    });
    expect(report.levels[1]).toMatchObject({ entered: 1, medianResolutionMinutes: null });
    expect(report.satisfaction).toEqual({ rated: 2, averageRating: 3.5, satisfied: 0, unsatisfied: 0 });
    expect(report.openNow).toEqual([
      { level: 1, open: 3, overdue: 2 },
      { level: 2, open: 0, overdue: 0 },
      { level: 3, open: 0, overdue: 1 },
    ]);
    expect(report.days.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(daysCsv(report)).toBe(
      'date,filed,resolved,escalated,breached\r\n2026-03-01,2,0,0,0\r\n2026-03-02,0,0,0,0\r\n2026-03-03,0,0,1,0\r\n',
    );
  });
});

describe('ownership', () => {
  it('lets staff at the level claim an open grievance, and 409s another claimant unless takeOver', () => {
    const g = claimGrievance(filed(), {}, desk, at(1), SETTINGS).grievance;
    expect(g.assignee).toEqual({ staffId: 'desk-1', at: at(1).toISOString() });
    expect(g.timeline.at(-1)).toMatchObject({ type: 'ASSIGNED', staffId: 'desk-1', actor: 'STAFF' });
    expect(() => claimGrievance(g, {}, deskB, at(2), SETTINGS)).toThrow(ConflictError);
    const taken = claimGrievance(g, { takeOver: true }, deskB, at(2), SETTINGS).grievance;
    expect(taken.assignee?.staffId).toBe('desk-2');
    expect(taken.timeline.at(-1)).toMatchObject({ type: 'ASSIGNED', reason: 'TAKEN_OVER' });
    // Claiming one's own claim again changes nothing.
    expect(claimGrievance(taken, {}, deskB, at(3), SETTINGS).grievance).toBe(taken);
  });

  it("refuses a claim above the caller's level (403) and on a resolved grievance (409)", () => {
    const two = escalated(filed(), 48);
    expect(() => claimGrievance(two, {}, desk, at(49), SETTINGS)).toThrow(ForbiddenError);
    const resolved = staffRespond(
      filed(),
      { message: 'Done.', resolve: true },
      desk,
      at(1),
      SETTINGS,
    ).grievance;
    expect(() => claimGrievance(resolved, {}, desk, at(2), SETTINGS)).toThrow(ConflictError);
  });

  it('lets the holder or an admin release, and refuses anyone else (403)', () => {
    const g = claimGrievance(filed(), {}, desk, at(1), SETTINGS).grievance;
    expect(() => releaseGrievance(g, { ...deskB, isAdmin: false }, at(2), SETTINGS)).toThrow(ForbiddenError);
    const mine = releaseGrievance(g, { ...desk, isAdmin: false }, at(2), SETTINGS).grievance;
    expect(mine.assignee).toBeUndefined();
    expect(mine.timeline.at(-1)).toMatchObject({ type: 'UNASSIGNED', staffId: 'desk-1' });
    const byAdmin = releaseGrievance(
      g,
      { sub: 'admin-1', level: 3, isAdmin: true },
      at(2),
      SETTINGS,
    ).grievance;
    expect(byAdmin.assignee).toBeUndefined();
  });

  it('clears the claim on escalation, resolution and reopening', () => {
    const claimed = claimGrievance(filed(), {}, desk, at(1), SETTINGS).grievance;
    expect(escalated(claimed, 48).assignee).toBeUndefined();
    const resolved = staffRespond(
      claimed,
      { message: 'Done.', resolve: true },
      desk,
      at(2),
      SETTINGS,
    ).grievance;
    expect(resolved.assignee).toBeUndefined();
    const three = escalated(escalated(filed(), 48), 72);
    const held = claimGrievance(three, {}, { sub: 'pres-1', level: 3 }, at(73), SETTINGS).grievance;
    const res3 = staffRespond(
      held,
      { message: 'Done.', resolve: true },
      { sub: 'pres-1', level: 3 },
      at(74),
      SETTINGS,
    ).grievance;
    const reheld = { ...res3, assignee: { staffId: 'pres-1', at: at(74).toISOString() } };
    const reopened = customerFeedback(
      reheld,
      { satisfied: false, comment: 'Still broken.' },
      at(75),
      SETTINGS,
    ).grievance;
    expect(reopened.timeline.at(-1)?.type).toBe('REOPENED');
    expect(reopened.assignee).toBeUndefined();
  });

  it('does not let a claim after a level-3 breach re-arm the breached deadline', () => {
    const breached = escalated(escalated(escalated(filed(), 48), 72), 84);
    const claimed = claimGrievance(breached, {}, { sub: 'pres-1', level: 3 }, at(85), SETTINGS).grievance;
    expect(statsDelta(breached, claimed, TZ)).toEqual({ days: {}, running: {} });
  });
});
