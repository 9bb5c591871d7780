import { reminderDue, reminderLeadMs } from '../domain/grievance-sla';
import { logger } from '../logger';
import { metric } from '../metrics';
import type { PendingDeadline } from '../ports/grievances';
import type { DeadlineEvent } from '../ports/scheduler';
import { type DeadlineOutcome, type HandleDeadlineDeps, handleDeadline } from './handle-deadline';

export interface SweepResult {
  checked: number;
  changed: number;
  failed: number;
  /** Reminders whose schedule was lost and that this sweep sent. */
  reminded: number;
}

/**
 * Primary course (the safety net for lost schedules):
 *  1. Query the sparse byDeadline index once, up to the longest reminder lead ahead (never a Scan):
 *     what it reads follows what is due or nearly due, not what is open.
 *  2. Run each deadline at or before now through the same idempotent path as a scheduler delivery,
 *     a few at a time; one failure does not stop the rest.
 *  3. Count what it escalated, breached or closed (SweeperEscalated).
 *  4. For each OPEN deadline still ahead, send its reminder if the moment passed but it never went
 *     out (SweeperReminded): one consistent read skips those already sent, and the reminder path's
 *     conditional write makes a race with a late delivery harmless.
 */
export async function sweepOverdue(
  deps: HandleDeadlineDeps,
  options: { limit?: number; concurrency?: number } = {},
): Promise<SweepResult> {
  const limit = options.limit ?? 500;
  const now = deps.clock.now();
  const pending = await deps.grievances.deadlines({
    until: new Date(now.getTime() + reminderLeadMs(deps.settings)),
    limit,
  });
  // The index is read in dueAt order, so the overdue ones come first within the limit.
  const overdue = pending.filter((d) => Date.parse(d.dueAt) <= now.getTime());
  const result: SweepResult = { checked: overdue.length, changed: 0, failed: 0, reminded: 0 };
  await eachAtMost(options.concurrency, overdue, async (event) => {
    const outcome = await run(deps, event);
    if (outcome === 'FAILED') result.failed++;
    else if (outcome === 'ESCALATED' || outcome === 'BREACHED' || outcome === 'CLOSED') result.changed++;
  });
  if (result.changed > 0) metric('SweeperEscalated', result.changed);

  // reminderDue holds only before dueAt: the overdue ones above are not reminded too.
  const lostReminders = pending.filter((d) => d.status === 'OPEN' && reminderDue(d, deps.settings, now));
  await eachAtMost(options.concurrency, lostReminders, async (deadline) => {
    const outcome = await remind(deps, deadline);
    if (outcome === 'FAILED') result.failed++;
    else if (outcome === 'REMINDED') result.reminded++;
  });
  if (result.reminded > 0) metric('SweeperReminded', result.reminded);
  return result;
}

async function eachAtMost<T>(
  concurrency: number | undefined,
  items: T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let item = items[next++]; item; item = items[next++]) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency ?? 8) }, worker));
}

async function run(deps: HandleDeadlineDeps, event: DeadlineEvent): Promise<DeadlineOutcome | 'FAILED'> {
  try {
    return await handleDeadline(deps, event);
  } catch (error) {
    logger.error('sweeper could not handle a deadline', { grievanceId: event.grievanceId, error });
    return 'FAILED';
  }
}

/** Sends a pending deadline's reminder unless it already went out. */
async function remind(
  deps: HandleDeadlineDeps,
  deadline: PendingDeadline,
): Promise<DeadlineOutcome | 'SENT' | 'FAILED'> {
  try {
    const stored = await deps.grievances.get(deadline.grievanceId);
    if (!stored || stored.remindedFor === deadline.dueAt) return 'SENT';
    const event: DeadlineEvent = {
      grievanceId: deadline.grievanceId,
      level: deadline.level,
      dueAt: deadline.dueAt,
      kind: 'REMINDER',
    };
    return await handleDeadline(deps, event);
  } catch (error) {
    logger.error('sweeper could not send a reminder', { grievanceId: deadline.grievanceId, error });
    return 'FAILED';
  }
}
