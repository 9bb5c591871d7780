import fc from 'fast-check';
import type { Grievance } from '../../lambdas/domain/grievance';
import {
  type Change,
  createGrievance,
  customerFeedback,
  decideDeadline,
  overdueChange,
  staffRespond,
} from '../../lambdas/domain/grievance-rules';
import { deadlineEvent, pendingDeadline } from '../../lambdas/domain/grievance-sla';
import { AppError } from '../../lambdas/errors';
import { respondToGrievance } from '../../lambdas/use-cases/respond-to-grievance';
import { submitFeedback } from '../../lambdas/use-cases/submit-feedback';
import { FixedClock } from '../support/clock';
import { RecordingAlerts, RecordingScheduler, RecordingSms } from '../support/fakes';
import { SETTINGS, T0 } from '../support/grievances';
import { MemoryGrievanceRepository } from '../support/memory-grievance-repository';

const HOUR = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const PHONE = '+919812345670';
const desk = { sub: 'desk-1', level: 1 };
const head = { sub: 'head-1', level: 2 };
const president = { sub: 'pres-1', level: 3 };

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

const dueMs = (g: Grievance) => Date.parse(g.dueAt ?? '') - T0.getTime();
const types = (g: Grievance) => g.timeline.map((e) => e.type);

/** The grievance after its pending deadline was delivered at `ms`. */
function delivered(g: Grievance, ms: number): Grievance {
  const deadline = pendingDeadline(g);
  if (!deadline) throw new Error('nothing pending');
  const decision = decideDeadline(g, deadlineEvent(g, deadline), at(ms), SETTINGS);
  if (decision.kind !== 'CHANGE') throw new Error(`expected a change, got ${decision.kind}`);
  return decision.change.grievance;
}

const resolved = (g: Grievance, ms: number, staff = desk) =>
  staffRespond(g, { message: 'Repaired and returned.', resolve: true }, staff, at(ms), SETTINGS).grievance;

describe("decisions at the clock's edges: every action is decided at now against the deadline", () => {
  describe('a response on an OPEN grievance', () => {
    it('resolves 1 ms before dueAt within the SLA, and nothing escalates', () => {
      const g = open();
      const change = staffRespond(g, { message: 'Done', resolve: true }, desk, at(dueMs(g) - 1), SETTINGS);
      expect(change.refusal).toBeUndefined();
      expect(types(change.grievance)).toEqual(['CREATED', 'RESOLVED']);
      expect(change.grievance.resolution).toMatchObject({ level: 1, withinSla: true });
    });

    it('refuses a level-1 resolve 2 ms after dueAt (403) and escalates the grievance, as the late delivery would', () => {
      const g = open();
      const change = staffRespond(g, { message: 'Done', resolve: true }, desk, at(dueMs(g) + 2), SETTINGS);
      expect(change.refusal).toBeInstanceOf(AppError);
      expect(change.refusal).toMatchObject({ status: 403, code: 'forbidden' });
      expect(change.refusal?.message).toMatch(/level-1 deadline passed at .*escalated to level 2/);
      // What is written: the escalation, not the resolution.
      expect(change.grievance).toMatchObject({
        status: 'OPEN',
        level: 2,
        levelName: 'Head of Customer Service',
      });
      expect(change.grievance.timeline.at(-1)).toMatchObject({
        type: 'ESCALATED',
        level: 2,
        actor: 'SYSTEM',
        reason: 'DEADLINE',
      });
      expect(change.grievance).toEqual(delivered(g, dueMs(g) + 2));
      // Its effects: the customer's SMS, the level-2 alert, the level-2 deadline; the old trigger disarmed.
      expect(change.effects.sms).toHaveLength(1);
      expect(change.effects.alerts.map((a) => a.topic)).toEqual(['level-2']);
      expect(change.effects.arm.map((a) => a.event.level)).toContain(2);
      expect(change.effects.disarm).toContainEqual(deadlineEvent(g, g.dueAt ?? ''));
    });

    it('treats dueAt itself as passed (the deadline delivery escalates at dueAt too)', () => {
      const g = open();
      const change = staffRespond(g, { message: 'hi' }, desk, at(dueMs(g)), SETTINGS);
      expect(change.refusal).toMatchObject({ status: 403 });
      expect(change.grievance.level).toBe(2);
    });

    it('lets staff of the new level resolve after dueAt: escalated first, then resolved there within its SLA', () => {
      const g = open();
      const change = staffRespond(g, { message: 'Done', resolve: true }, head, at(dueMs(g) + 2), SETTINGS);
      expect(change.refusal).toBeUndefined();
      expect(types(change.grievance)).toEqual(['CREATED', 'ESCALATED', 'RESOLVED']);
      expect(change.grievance).toMatchObject({ status: 'RESOLVED', level: 2, dueAt: null });
      expect(change.grievance.resolution).toMatchObject({ level: 2, withinSla: true });
      // The level-2 deadline armed by the escalation is disarmed by the resolution: neither is performed.
      const levelTwoDeadline = change.effects.arm.filter((a) => a.event.level === 2 && !a.event.kind);
      expect(levelTwoDeadline.map((a) => a.at)).toEqual([change.grievance.feedbackDueAt]);
      expect(
        change.effects.disarm.some((d) => d.level === 2 && d.dueAt !== change.grievance.feedbackDueAt),
      ).toBe(false);
      expect(change.effects.alerts.map((a) => a.topic)).toEqual(['level-2']);
      expect(change.effects.sms).toHaveLength(2); // escalated, then resolved
    });

    it('records a level-3 resolution after the breached deadline as outside the SLA', () => {
      let g = open();
      g = delivered(g, dueMs(g));
      g = delivered(g, dueMs(g));
      expect(g.level).toBe(3);
      const late = dueMs(g) + 2;
      const change = staffRespond(g, { message: 'Done', resolve: true }, president, at(late), SETTINGS);
      expect(change.refusal).toBeUndefined();
      expect(types(change.grievance).slice(-2)).toEqual(['SLA_BREACHED', 'RESOLVED']);
      expect(change.grievance).toMatchObject({ slaBreached: true, status: 'RESOLVED' });
      expect(change.grievance.resolution).toMatchObject({ level: 3, withinSla: false });
      expect(change.effects.alerts.map((a) => a.topic).sort()).toEqual(['level-3', 'operations']);
    });

    it('keeps a resolution after an already delivered breach outside the SLA too', () => {
      let g = open();
      g = delivered(g, dueMs(g));
      g = delivered(g, dueMs(g));
      g = delivered(g, dueMs(g) + 5);
      expect(g.slaBreached).toBe(true);
      expect(resolved(g, dueMs(g) + HOUR, president).resolution?.withinSla).toBe(false);
    });
  });

  describe('feedback on a RESOLVED grievance', () => {
    const resolvedAt1h = () => resolved(open(), HOUR);
    const windowEnd = (g: Grievance) => Date.parse(g.feedbackDueAt ?? '') - T0.getTime();

    it('is taken 1 ms before the window closes', () => {
      const g = resolvedAt1h();
      const change = customerFeedback(g, { satisfied: true }, at(windowEnd(g) - 1), SETTINGS);
      expect(change.refusal).toBeUndefined();
      expect(change.grievance.timeline.at(-1)).toMatchObject({
        type: 'CLOSED',
        reason: 'CUSTOMER_SATISFIED',
      });
    });

    it('2 ms after the window closes, closes the grievance for want of feedback and refuses the feedback (409)', () => {
      const g = resolvedAt1h();
      const late = windowEnd(g) + 2;
      const change = customerFeedback(g, { satisfied: false, comment: 'Still broken' }, at(late), SETTINGS);
      expect(change.refusal).toMatchObject({ status: 409, code: 'conflict' });
      expect(change.refusal?.message).toMatch(/feedback window closed at .*closed without feedback/);
      expect(change.grievance).toMatchObject({ status: 'CLOSED', level: 1 });
      expect(change.grievance.feedback).toBeUndefined();
      expect(change.grievance.timeline.at(-1)).toMatchObject({
        type: 'CLOSED',
        actor: 'SYSTEM',
        reason: 'NO_FEEDBACK',
      });
      expect(change.grievance).toEqual(delivered(g, late));
      expect(change.effects.sms).toHaveLength(1);
    });
  });

  it('has nothing overdue before the pending deadline, and nothing once it was delivered', () => {
    const g = open();
    expect(overdueChange(g, at(dueMs(g) - 1), SETTINGS)).toBeUndefined();
    const escalated = delivered(g, dueMs(g) + 10);
    expect(overdueChange(escalated, at(dueMs(g) + 20), SETTINGS)).toBeUndefined();
  });

  describe('through the use cases (the escalation is written even when the action is refused)', () => {
    const setUp = async (g: Grievance, nowMs: number) => {
      const grievances = new MemoryGrievanceRepository();
      await grievances.create(g);
      const deps = {
        grievances,
        sms: new RecordingSms(),
        alerts: new RecordingAlerts(),
        scheduler: new RecordingScheduler(),
        clock: new FixedClock(at(nowMs)),
        settings: SETTINGS,
      };
      return deps;
    };

    it('answers a late level-1 resolve with 403, leaving the grievance escalated with its SMS, alert and deadline', async () => {
      const g = open();
      const deps = await setUp(g, dueMs(g) + 2);
      await expect(
        respondToGrievance(deps, { sub: 'desk-1', groups: ['grievance-desk'] }, g.id, {
          message: 'Done',
          resolve: true,
        }),
      ).rejects.toMatchObject({ status: 403, code: 'forbidden' });
      const stored = (await deps.grievances.get(g.id))?.grievance;
      expect(stored).toMatchObject({ status: 'OPEN', level: 2 });
      expect(deps.sms.sent).toHaveLength(1);
      expect(deps.alerts.published.map((a) => a.topic)).toEqual(['level-2']);
      expect(deps.scheduler.armed.some((a) => a.event.level === 2)).toBe(true);
    });

    it('answers late feedback with 409, leaving the grievance CLOSED for want of feedback', async () => {
      const g = resolved(open(), HOUR);
      const deps = await setUp(g, Date.parse(g.feedbackDueAt ?? '') - T0.getTime() + 2);
      await expect(submitFeedback(deps, PHONE, g.id, { satisfied: true })).rejects.toMatchObject({
        status: 409,
      });
      const stored = (await deps.grievances.get(g.id))?.grievance;
      expect(stored?.timeline.at(-1)).toMatchObject({ type: 'CLOSED', reason: 'NO_FEEDBACK' });
    });
  });
});

describe('property: an action decides the same whether or not the deadline delivery came first', () => {
  type Act =
    | { kind: 'respond'; level: 1 | 2 | 3; resolve: boolean }
    | { kind: 'feedback'; satisfied: boolean };
  const act: fc.Arbitrary<Act> = fc.oneof(
    fc.record({
      kind: fc.constant('respond' as const),
      level: fc.constantFrom(1 as const, 2 as const, 3 as const),
      resolve: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('feedback' as const), satisfied: fc.boolean() }),
  );
  const run = (g: Grievance, a: Act, now: Date): Change | AppError => {
    try {
      return a.kind === 'respond'
        ? staffRespond(
            g,
            { message: 'reply', resolve: a.resolve },
            { sub: 's', level: a.level },
            now,
            SETTINGS,
          )
        : customerFeedback(g, { satisfied: a.satisfied, comment: 'not fixed' }, now, SETTINGS);
    } catch (error) {
      return error as AppError;
    }
  };
  /** What a caller observes: the written grievance, and the status it is answered with. */
  const outcome = (before: Grievance, r: Change | AppError) =>
    r instanceof AppError
      ? { grievance: before, status: r.status }
      : { grievance: r.grievance, status: r.refusal?.status ?? 200 };

  it('holds for a grievance in any state and any moment around its deadline', () => {
    fc.assert(
      fc.property(
        fc.array(act, { maxLength: 6 }),
        act,
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: 0, max: 200 }),
        (history, last, edgeMs, hoursOn) => {
          // Any reachable grievance: a history of actions, each delivering what is due first.
          let g = open();
          let now = T0.getTime();
          for (const a of history) {
            now += hoursOn * 60_000;
            const r = run(g, a, new Date(now));
            if (!(r instanceof AppError)) g = r.grievance;
          }
          const deadline = pendingDeadline(g);
          if (!deadline) return;
          const moment = new Date(Math.max(now, Date.parse(deadline) + edgeMs));
          // The delivery came first (when due), then the action; versus the action alone.
          const decision = decideDeadline(g, deadlineEvent(g, deadline), moment, SETTINGS);
          const afterDelivery = decision.kind === 'CHANGE' ? decision.change.grievance : g;
          const deliveredFirst = outcome(afterDelivery, run(afterDelivery, last, moment));
          const alone = outcome(g, run(g, last, moment));
          expect(alone.status).toBe(deliveredFirst.status);
          expect(alone.grievance).toEqual(deliveredFirst.grievance);
        },
      ),
      { numRuns: 400 },
    );
  });
});
