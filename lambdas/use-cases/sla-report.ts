import type { Level } from '../domain/grievance';
import { datesBetween, type SlaReport, summarize } from '../domain/grievance-stats';
import type { Clock } from '../ports/clock';
import type { GrievanceStatsReader } from '../ports/grievance-stats';
import type { DeadlineReader } from '../ports/grievances';

export interface SlaReportDeps {
  stats: GrievanceStatsReader;
  grievances: DeadlineReader;
  clock: Clock;
  timeZone: string;
}

/**
 * Overdue deadlines read at most: the sweeper escalates what is due within
 * minutes, so more than this means it is down (the count is then a lower bound).
 */
const OVERDUE_READ_LIMIT = 5000;

/**
 * Primary course (GET /staff/reports/sla; from ≤ to, at most 366 days, checked by the query schema):
 *  1. BatchGet the day items of from..to (one per day in the report time zone).
 *  2. Get the running counters (OPEN per level, OPEN with no pending deadline).
 *  3. Query the byDeadline index up to now for OPEN deadlines already due — what is overdue
 *     but not yet escalated: proportional to what is due, not to what is open.
 *  4. Add it up (domain/grievance-stats.ts summarize).
 */
export async function slaReport(
  deps: SlaReportDeps,
  range: { from: string; to: string },
): Promise<SlaReport> {
  const now = deps.clock.now();
  const [days, running, due] = await Promise.all([
    deps.stats.days(datesBetween(range.from, range.to)),
    deps.stats.running(),
    deps.grievances.deadlines({ until: now, limit: OVERDUE_READ_LIMIT }),
  ]);
  const overdueDeadlines: Record<Level, number> = { 1: 0, 2: 0, 3: 0 };
  for (const d of due)
    if (d.status === 'OPEN' && Date.parse(d.dueAt) <= now.getTime()) overdueDeadlines[d.level as Level]++;
  return summarize({ ...range, timeZone: deps.timeZone, days, running, overdueDeadlines });
}
