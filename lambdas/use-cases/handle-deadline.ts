import { reminderAlert } from '../domain/grievance-messages';
import { decideDeadline } from '../domain/grievance-rules';
import { fireTime } from '../domain/grievance-sla';
import { logger } from '../logger';
import type { DeadlineEvent } from '../ports/scheduler';
import { type GrievanceDeps, performEffects } from './grievance-effects';

export interface HandleDeadlineDeps
  extends Pick<GrievanceDeps, 'grievances' | 'sms' | 'alerts' | 'scheduler' | 'clock' | 'settings'> {
  /** An early delivery closer than this to its time waits for it; an earlier one re-arms. */
  maxWaitSeconds: number;
  sleep?: (ms: number) => Promise<void>;
}

export type DeadlineOutcome =
  | 'ESCALATED'
  | 'BREACHED'
  | 'CLOSED'
  | 'REMINDED'
  | 'REARMED'
  | 'IGNORED'
  | 'NOT_FOUND';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const CONFLICT_ATTEMPTS = 5;

/** Waits for an early delivery's moment, or re-arms it; false when it was re-armed. */
async function awaitMoment(deps: HandleDeadlineDeps, event: DeadlineEvent, fireAt: string): Promise<boolean> {
  const wait = Date.parse(fireAt) - deps.clock.now().getTime();
  if (wait <= 0) return true;
  if (wait <= deps.maxWaitSeconds * 1000) {
    await (deps.sleep ?? delay)(wait);
    return true;
  }
  const again = { ...event, rearm: (event.rearm ?? 0) + 1 };
  await deps.scheduler.schedule(again, new Date(fireAt)).catch((error: unknown) => {
    logger.error('re-arming an early delivery failed; the sweeper will catch the deadline', {
      grievanceId: event.grievanceId,
      error,
    });
  });
  return false;
}

/**
 * Primary course (a scheduler delivery of `{ grievanceId, level, dueAt[, kind] }`):
 *  1. Too early: wait for the moment when it is close, otherwise re-arm and stop.
 *  2. REMINDER: one conditional update marks it sent (only while that deadline is pending, once), then alert the team.
 *  3. Read the grievance (one consistent read).
 *  4. Decide with the rules: escalate (2), breach at level 3 (3), close without feedback (6) — or ignore a
 *     stale, duplicate or out-of-order delivery.
 *  5. Write conditionally on the version read; if someone wrote first, read again and decide again.
 *  6. Perform the effects: SMS, alerts, next deadline (failures logged; the sweeper is the safety net).
 */
export async function handleDeadline(
  deps: HandleDeadlineDeps,
  event: DeadlineEvent,
): Promise<DeadlineOutcome> {
  if (!(await awaitMoment(deps, event, fireTime(event, deps.settings)))) return 'REARMED';

  if (event.kind === 'REMINDER') {
    if (!(await deps.grievances.markReminded(event))) return 'IGNORED';
    await performEffects(
      deps,
      { sms: [], alerts: [reminderAlert(event)], arm: [], disarm: [], metrics: [] },
      { id: event.grievanceId, timeline: [] }, // no SMS: no revision needed
    );
    return 'REMINDED';
  }

  for (let attempt = 0; attempt < CONFLICT_ATTEMPTS; attempt++) {
    const stored = await deps.grievances.get(event.grievanceId);
    if (!stored) return 'NOT_FOUND';
    const decision = decideDeadline(stored.grievance, event, deps.clock.now(), deps.settings);
    if (decision.kind === 'IGNORE') {
      logger.debug('deadline ignored', { grievanceId: event.grievanceId, reason: decision.reason });
      return 'IGNORED';
    }
    if (decision.kind === 'EARLY') {
      // The clock disagrees with the delivery's time (skew): same rule as above.
      if (!(await awaitMoment(deps, event, decision.fireAt))) return 'REARMED';
      continue;
    }
    const next = decision.change.grievance;
    if (!(await deps.grievances.save(next, stored))) continue; // someone wrote first: decide again
    await performEffects(deps, decision.change.effects, next);
    const last = next.timeline.at(-1)?.type;
    return last === 'CLOSED' ? 'CLOSED' : last === 'SLA_BREACHED' ? 'BREACHED' : 'ESCALATED';
  }
  throw new Error(`deadline of ${event.grievanceId} lost ${CONFLICT_ATTEMPTS} write races`);
}
