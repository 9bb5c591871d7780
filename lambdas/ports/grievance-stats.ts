import type { Counters } from '../domain/grievance-stats';

/** The SLA report's counters, read by key: one item per day asked, one for the running counters. */
export interface GrievanceStatsReader {
  /** The counters of each date that has any (a date with none is absent). */
  days(dates: readonly string[]): Promise<Map<string, Counters>>;
  /** The running counters (OPEN per level now). */
  running(): Promise<Counters>;
}
