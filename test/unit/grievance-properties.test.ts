import fc from 'fast-check';
import type { Grievance, GrievanceStatus } from '../../lambdas/domain/grievance';
import {
  createGrievance,
  customerFeedback,
  decideDeadline,
  type Effects,
  staffRespond,
} from '../../lambdas/domain/grievance-rules';
import { AppError } from '../../lambdas/errors';
import type { DeadlineEvent } from '../../lambdas/ports/scheduler';
import { T0 as BASE, SETTINGS } from '../support/grievances';

const T0 = BASE.getTime();

type Action =
  | { kind: 'advance'; hours: number }
  /** Delivers the n-th deadline ever armed (mod their count): duplicates, late and out-of-order ones included. */
  | { kind: 'fire'; n: number }
  | { kind: 'respond'; level: 1 | 2 | 3; resolve: boolean; internal: boolean }
  | { kind: 'feedback'; satisfied: boolean };

const action: fc.Arbitrary<Action> = fc.oneof(
  // Weighted towards time passing and deliveries, so sequences reach level 3 and its breach often.
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      hours: fc.double({ min: 0, max: 60, noNaN: true }),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('fire' as const), n: fc.nat(50) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('respond' as const),
      level: fc.constantFrom(1 as const, 2 as const, 3 as const),
      resolve: fc.boolean(),
      internal: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('feedback' as const), satisfied: fc.boolean() }) },
);

/** The state the timeline tells, event by event. */
function replay(g: Grievance): { status: GrievanceStatus; level: number; breached: boolean } {
  let status: GrievanceStatus = 'OPEN';
  let level = 1;
  let breached = false;
  for (const e of g.timeline) {
    if (e.type === 'ESCALATED' || e.type === 'REOPENED') {
      status = 'OPEN';
      level = e.level;
    } else if (e.type === 'RESOLVED') status = 'RESOLVED';
    else if (e.type === 'CLOSED') status = 'CLOSED';
    else if (e.type === 'SLA_BREACHED') breached = true;
    expect(e.level).toBe(level); // every event is recorded at the level it happened
  }
  return { status, level, breached };
}

const keyOf = (e: DeadlineEvent) => `${e.level}|${e.dueAt}`;

describe('the escalation matrix under any sequence of deliveries, responses and feedback', () => {
  it('never lowers the level or leaves 1–3, keeps CLOSED final, escalates each deadline at most once, and its timeline agrees with its state', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 10, maxLength: 80, size: 'max' }), (actions) => {
        let now = T0;
        const first = createGrievance(
          {
            customer: { name: 'A', phone: '+919812345670' },
            category: 'OTHER',
            description: 'A description long enough.',
            channel: 'WEB',
          },
          { id: 'GRV-PROPERTY22', now: new Date(now), actor: 'CUSTOMER' },
          SETTINGS,
        );
        let g = first.grievance;
        const armed: DeadlineEvent[] = [];
        const remember = (effects: Effects) => {
          for (const a of effects.arm) if (!a.event.kind) armed.push(a.event);
        };
        remember(first.effects);
        const changesByDeadline = new Map<string, number>();

        for (const step of actions) {
          const before = g;
          try {
            if (step.kind === 'advance') now += step.hours * 3_600_000;
            else if (step.kind === 'fire') {
              const event = armed[step.n % armed.length];
              if (!event) continue;
              const decision = decideDeadline(g, event, new Date(now), SETTINGS);
              if (decision.kind === 'CHANGE') {
                g = decision.change.grievance;
                remember(decision.change.effects);
                changesByDeadline.set(keyOf(event), (changesByDeadline.get(keyOf(event)) ?? 0) + 1);
              }
            } else if (step.kind === 'respond') {
              const change = staffRespond(
                g,
                { message: 'reply', resolve: step.resolve, internal: step.internal },
                { sub: 's', level: step.level },
                new Date(now),
                SETTINGS,
              );
              g = change.grievance;
              remember(change.effects);
            } else {
              const change = customerFeedback(
                g,
                { satisfied: step.satisfied, comment: step.satisfied ? undefined : 'not fixed' },
                new Date(now),
                SETTINGS,
              );
              g = change.grievance;
              remember(change.effects);
            }
          } catch (error) {
            // A refused action (403/409/400) changes nothing.
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).status).toBeLessThan(500);
            expect(g).toBe(before);
          }

          expect(g.level).toBeGreaterThanOrEqual(before.level);
          expect([1, 2, 3]).toContain(g.level);
          if (before.status === 'CLOSED') expect(g).toEqual(before);
          expect(g.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
          const told = replay(g);
          expect(told).toEqual({ status: g.status, level: g.level, breached: g.slaBreached });
          expect(g.dueAt === null).toBe(g.status !== 'OPEN');
          expect(g.levelName).toBeTruthy();
        }
        for (const count of changesByDeadline.values()) expect(count).toBe(1);
        const times = g.timeline.map((e) => Date.parse(e.at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});
