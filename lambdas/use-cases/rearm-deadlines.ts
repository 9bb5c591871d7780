import { toLevel } from '../domain/grievance';
import { reminderAt } from '../domain/grievance-sla';
import type { GrievanceDeps } from './grievance-effects';

/**
 * Primary course (the local host at start, whose timers died with the last process):
 *  1. Read every pending deadline from the byDeadline index.
 *  2. Arm each (an overdue one fires at once) and, for OPEN grievances, its reminder if still ahead.
 */
export async function rearmDeadlines(
  deps: Pick<GrievanceDeps, 'grievances' | 'scheduler' | 'clock' | 'settings'>,
): Promise<number> {
  const pending = await deps.grievances.deadlines({ limit: 100_000 });
  const now = deps.clock.now().getTime();
  for (const { status, ...event } of pending) {
    await deps.scheduler.schedule(event, new Date(event.dueAt));
    if (status !== 'OPEN') continue;
    const remind = reminderAt(toLevel(event.level), event.dueAt, deps.settings);
    if (Date.parse(remind) > now)
      await deps.scheduler.schedule({ ...event, kind: 'REMINDER' }, new Date(remind));
  }
  return pending.length;
}
