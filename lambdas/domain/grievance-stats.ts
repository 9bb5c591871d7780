/**
 * SLA report aggregates as pure functions. Every write of a grievance carries
 * the counter increments of what it changed (`statsDelta`), applied in the same
 * conditional transaction as the grievance itself, so a duplicated, late or
 * concurrent delivery that loses its write counts nothing: counts are exact.
 *
 * Counters live on one item per day in the report time zone (an event counts on
 * the day it happened) plus running counters of what is open now. A report
 * adds up the days asked (`summarize`): its reads grow with days, not grievances.
 */
import { type Grievance, LEVEL_NAMES, type Level, type TimelineEvent } from './grievance';
import { pendingDeadline } from './grievance-sla';

export const LEVELS: readonly Level[] = [1, 2, 3];

/** REPORT_TIME_ZONE unless set: the days a report counts are India's. */
export const DEFAULT_REPORT_TIME_ZONE = 'Asia/Kolkata';

/** The longest range a report covers, both ends included (GET /staff/reports/sla). */
export const MAX_REPORT_DAYS = 366;

// ---------------------------------------------------------------- resolution-time histogram

/**
 * Bucket upper bounds in minutes: 15-minute buckets up to 2 h (8), hourly up to
 * 168 h (166), then one overflow bucket (≥ 168 h). 175 buckets; a resolution of
 * m minutes falls in the first bucket whose bound is above m.
 */
export const BUCKET_BOUNDS: readonly number[] = /* @__PURE__ */ (() => [
  ...Array.from({ length: 8 }, (_, i) => (i + 1) * 15),
  ...Array.from({ length: 166 }, (_, i) => (i + 3) * 60),
])();
// Pure-annotated like the bounds, so a function that only reads configuration (the report's time
// zone, below) does not build them at import.
export const OVERFLOW_BUCKET = /* @__PURE__ */ (() => BUCKET_BOUNDS.length)();
const OVERFLOW_FROM = /* @__PURE__ */ (() => BUCKET_BOUNDS[BUCKET_BOUNDS.length - 1] ?? 10_080)();

export function bucketOf(minutes: number): number {
  const m = Math.max(0, minutes);
  if (m < 120) return Math.floor(m / 15);
  if (m < OVERFLOW_FROM) return 8 + Math.floor((m - 120) / 60);
  return OVERFLOW_BUCKET;
}

/**
 * The nearest-rank `p` percentile (0 < p ≤ 1) of a histogram, as the upper bound
 * of the bucket it falls in ("resolved within"), or 10080 (168 h, "at least")
 * when it falls in the overflow bucket; null for an empty histogram.
 */
export function percentile(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return i < OVERFLOW_BUCKET ? (BUCKET_BOUNDS[i] ?? OVERFLOW_FROM) : OVERFLOW_FROM;
  }
  return OVERFLOW_FROM;
}

// ---------------------------------------------------------------- counters

/** Counter names on a day item; `l<level>…` per level, `h<level>_<bucket>` the histogram. */
export const LEVEL_COUNTERS = [
  'entered',
  'resolved',
  'resolvedWithinSla',
  'escalatedOnDeadline',
  'escalatedUnhappy',
  'breached',
] as const;
export type LevelCounter = (typeof LEVEL_COUNTERS)[number];
export const levelCounter = (level: Level, name: LevelCounter) => `l${level}_${name}`;
export const histogramCounter = (level: Level, bucket: number) => `h${level}_${bucket}`;
/** Running counters (not per day): OPEN grievances per level, and those OPEN with no pending deadline (breached at level 3). */
export const openCounter = (level: Level) => `open_l${level}`;
export const stalledCounter = (level: Level) => `stalled_l${level}`;

export type Counters = Record<string, number>;

export interface StatsDelta {
  /** Increments per day (yyyy-mm-dd in the report time zone). */
  days: Record<string, Counters>;
  /** Increments of the running counters. */
  running: Counters;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (yyyy-mm-dd) of an instant in `timeZone`. */
export function dayIn(at: string | Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(typeof at === 'string' ? new Date(at) : at);
}

const bump = (counters: Counters, name: string, by = 1) => {
  counters[name] = (counters[name] ?? 0) + by;
};

/** When the grievance arrived at its current level before `index`: its last CREATED, ESCALATED or REOPENED. */
function arrivedAt(timeline: readonly TimelineEvent[], index: number): string | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e && (e.type === 'CREATED' || e.type === 'ESCALATED' || e.type === 'REOPENED')) return e.at;
  }
  return undefined;
}

const isStalled = (g: Grievance) => g.status === 'OPEN' && pendingDeadline(g) === null;

/**
 * The counter increments of one write: `before` (undefined for a new grievance)
 * became `after`. Read from the timeline events `after` appended and the change
 * of state:
 *  - CREATED: filed, level 1 entered;
 *  - ESCALATED: the level left `escalatedOnDeadline` (reason DEADLINE) or
 *    `escalatedUnhappy` (CUSTOMER_UNSATISFIED), the new level `entered`, the day's `escalated`;
 *  - REOPENED (level 3, not satisfied): level 3 `escalatedUnhappy` (it is not an arrival);
 *  - SLA_BREACHED: level 3 `breached`, the day's `breached`;
 *  - RESOLVED: the level's `resolved`, `resolvedWithinSla` when before its dueAt, the
 *    minutes since it arrived at that level in the level's histogram, the day's `resolved`;
 *  - CLOSED: closed; new feedback: satisfied or unsatisfied, rated and the rating's sum;
 *  - running: OPEN per level and OPEN without a pending deadline, from the state before and after.
 */
export function statsDelta(before: Grievance | undefined, after: Grievance, timeZone: string): StatsDelta {
  const days: Record<string, Counters> = {};
  const dayOf = (at: string) => {
    const d = dayIn(at, timeZone);
    days[d] ??= {};
    return days[d];
  };
  const start = before ? before.timeline.length : 0;
  for (let i = start; i < after.timeline.length; i++) {
    const e = after.timeline[i];
    if (!e) continue;
    const c = dayOf(e.at);
    switch (e.type) {
      case 'CREATED':
        bump(c, 'filed');
        bump(c, levelCounter(1, 'entered'));
        break;
      case 'ESCALATED': {
        const from = (e.level - 1) as Level;
        bump(c, levelCounter(from, e.reason === 'DEADLINE' ? 'escalatedOnDeadline' : 'escalatedUnhappy'));
        bump(c, levelCounter(e.level, 'entered'));
        bump(c, 'escalated');
        break;
      }
      case 'REOPENED':
        bump(c, levelCounter(3, 'escalatedUnhappy'));
        break;
      case 'SLA_BREACHED':
        bump(c, levelCounter(e.level, 'breached'));
        bump(c, 'breached');
        break;
      case 'RESOLVED': {
        bump(c, levelCounter(e.level, 'resolved'));
        bump(c, 'resolved');
        if (after.resolution?.at === e.at && after.resolution.withinSla)
          bump(c, levelCounter(e.level, 'resolvedWithinSla'));
        const arrived = arrivedAt(after.timeline, i);
        if (arrived) {
          const minutes = (Date.parse(e.at) - Date.parse(arrived)) / 60_000;
          bump(c, histogramCounter(e.level, bucketOf(minutes)));
        }
        break;
      }
      case 'CLOSED':
        bump(c, 'closed');
        break;
      default:
        break;
    }
  }
  if (after.feedback && after.feedback.at !== before?.feedback?.at) {
    const c = dayOf(after.feedback.at);
    bump(c, after.feedback.satisfied ? 'satisfied' : 'unsatisfied');
    if (after.feedback.rating !== undefined) {
      bump(c, 'rated');
      bump(c, 'ratingSum', after.feedback.rating);
    }
  }

  const running: Counters = {};
  if (before?.status === 'OPEN') bump(running, openCounter(before.level), -1);
  if (after.status === 'OPEN') bump(running, openCounter(after.level), 1);
  if (before && isStalled(before)) bump(running, stalledCounter(before.level), -1);
  if (isStalled(after)) bump(running, stalledCounter(after.level), 1);
  for (const [k, v] of Object.entries(running)) if (v === 0) delete running[k];
  for (const [d, c] of Object.entries(days)) if (Object.keys(c).length === 0) delete days[d];
  return { days, running };
}

export const isEmptyDelta = (d: StatsDelta) =>
  Object.keys(d.days).length === 0 && Object.keys(d.running).length === 0;

// ---------------------------------------------------------------- the report

export interface SlaReport {
  from: string;
  to: string;
  timeZone: string;
  levels: {
    level: Level;
    levelName: string;
    entered: number;
    resolved: number;
    resolvedWithinSla: number;
    escalatedOnDeadline: number;
    escalatedUnhappy: number;
    breached: number;
    medianResolutionMinutes: number | null;
    p90ResolutionMinutes: number | null;
  }[];
  filed: number;
  closed: number;
  satisfaction: { rated: number; averageRating: number | null; satisfied: number; unsatisfied: number };
  openNow: { level: Level; open: number; overdue: number }[];
  days: { date: string; filed: number; resolved: number; escalated: number; breached: number }[];
}

/** Every date from `from` to `to`, both included (yyyy-mm-dd, calendar arithmetic in UTC). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * The report from the day items of `from`..`to` (a missing day counts zero),
 * the running counters and the count of overdue OPEN deadlines per level.
 * Running counters start at zero when aggregates began, so grievances written
 * before them can drive one below zero: it is shown as zero.
 */
export function summarize(input: {
  from: string;
  to: string;
  timeZone: string;
  days: ReadonlyMap<string, Counters>;
  running: Counters;
  overdueDeadlines: Record<Level, number>;
}): SlaReport {
  const dates = datesBetween(input.from, input.to);
  const total: Counters = {};
  for (const date of dates)
    for (const [k, v] of Object.entries(input.days.get(date) ?? {})) bump(total, k, v);
  const n = (name: string) => total[name] ?? 0;
  const rated = n('rated');
  return {
    from: input.from,
    to: input.to,
    timeZone: input.timeZone,
    levels: LEVELS.map((level) => {
      const histogram = Array.from({ length: OVERFLOW_BUCKET + 1 }, (_, b) => n(histogramCounter(level, b)));
      return {
        level,
        levelName: LEVEL_NAMES[level],
        ...(Object.fromEntries(LEVEL_COUNTERS.map((c) => [c, n(levelCounter(level, c))])) as Record<
          LevelCounter,
          number
        >),
        medianResolutionMinutes: percentile(histogram, 0.5),
        p90ResolutionMinutes: percentile(histogram, 0.9),
      };
    }),
    filed: n('filed'),
    closed: n('closed'),
    satisfaction: {
      rated,
      averageRating: rated === 0 ? null : Math.round((n('ratingSum') / rated) * 100) / 100,
      satisfied: n('satisfied'),
      unsatisfied: n('unsatisfied'),
    },
    openNow: LEVELS.map((level) => ({
      level,
      open: Math.max(0, input.running[openCounter(level)] ?? 0),
      overdue: input.overdueDeadlines[level] + Math.max(0, input.running[stalledCounter(level)] ?? 0),
    })),
    days: dates.map((date) => {
      const c = input.days.get(date) ?? {};
      return {
        date,
        filed: c.filed ?? 0,
        resolved: c.resolved ?? 0,
        escalated: c.escalated ?? 0,
        breached: c.breached ?? 0,
      };
    }),
  };
}

/** The days series as CSV with a header row. */
export function daysCsv(report: SlaReport): string {
  const rows = report.days.map((d) => [d.date, d.filed, d.resolved, d.escalated, d.breached].join(','));
  return `${['date,filed,resolved,escalated,breached', ...rows].join('\r\n')}\r\n`;
}
