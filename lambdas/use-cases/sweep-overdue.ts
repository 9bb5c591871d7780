import { logger } from '../logger';
import { metric } from '../metrics';
import type { DeadlineEvent } from '../ports/scheduler';
import { type DeadlineOutcome, type HandleDeadlineDeps, handleDeadline } from './handle-deadline';

export interface SweepResult {
  checked: number;
  changed: number;
  failed: number;
}

/**
 * Primary course (the safety net for lost schedules):
 *  1. Query the sparse byDeadline index for deadlines at or before now (never a Scan).
 *  2. Run each through the same idempotent path as a scheduler delivery, a few at a time.
 *  3. Count what it escalated, breached or closed (SweeperEscalated); one failure does not stop the rest.
 */
export async function sweepOverdue(
  deps: HandleDeadlineDeps,
  options: { limit?: number; concurrency?: number } = {},
): Promise<SweepResult> {
  const overdue = await deps.grievances.deadlines({ until: deps.clock.now(), limit: options.limit ?? 500 });
  const result: SweepResult = { checked: overdue.length, changed: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    for (let event = overdue[next++]; event; event = overdue[next++]) {
      const outcome = await run(deps, event);
      if (outcome === 'FAILED') result.failed++;
      else if (outcome === 'ESCALATED' || outcome === 'BREACHED' || outcome === 'CLOSED') result.changed++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  if (result.changed > 0) metric('SweeperEscalated', result.changed);
  return result;
}

async function run(deps: HandleDeadlineDeps, event: DeadlineEvent): Promise<DeadlineOutcome | 'FAILED'> {
  try {
    return await handleDeadline(deps, event);
  } catch (error) {
    logger.error('sweeper could not handle a deadline', { grievanceId: event.grievanceId, error });
    return 'FAILED';
  }
}
