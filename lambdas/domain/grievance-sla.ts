/**
 * SLA arithmetic over plain data and an injected `now`: each level's deadline,
 * the reminder before it, the feedback window after a resolution, and which
 * deadline a grievance has pending (what the byDeadline index holds and the
 * scheduler is armed with).
 */
import type { DeadlineEvent } from '../ports/scheduler';
import { type Grievance, type Level, type TimelineEvent, toLevel } from './grievance';

export interface GrievanceSettings {
  /** SLA per level in hours (fractions allowed). */
  slaLevelHours: readonly [number, number, number];
  feedbackWindowHours: number;
  /** Share of a level's SLA after which its team is reminded. */
  reminderFraction: number;
}

export interface ArmDeadline {
  event: DeadlineEvent;
  /** When the trigger should fire (ISO). */
  at: string;
}

export const HOUR_MS = 3_600_000;

export function slaMs(level: Level, settings: GrievanceSettings): number {
  const [one, two, three] = settings.slaLevelHours;
  return Math.round((level === 1 ? one : level === 2 ? two : three) * HOUR_MS);
}

/** The deadline of a level entered at `from`: from + that level's SLA. */
export function dueAfter(from: Date, level: Level, settings: GrievanceSettings): string {
  return new Date(from.getTime() + slaMs(level, settings)).toISOString();
}

/** When the reminder for a deadline fires: after `reminderFraction` of the level's SLA. */
export function reminderAt(level: Level, dueAt: string, settings: GrievanceSettings): string {
  const remaining = Math.round(slaMs(level, settings) * (1 - settings.reminderFraction));
  return new Date(Date.parse(dueAt) - remaining).toISOString();
}

/** How long before its deadline a level's reminder fires, at most over the three levels. */
export function reminderLeadMs(settings: GrievanceSettings): number {
  return Math.max(
    ...([1, 2, 3] as const).map((level) =>
      Math.round(slaMs(level, settings) * (1 - settings.reminderFraction)),
    ),
  );
}

/**
 * Whether the reminder of an OPEN grievance's pending deadline should have gone
 * out by `now`: its moment has come and the deadline itself has not.
 */
export function reminderDue(
  deadline: { level: number; dueAt: string },
  settings: GrievanceSettings,
  now: Date,
): boolean {
  const at = Date.parse(reminderAt(toLevel(deadline.level), deadline.dueAt, settings));
  return at <= now.getTime() && now.getTime() < Date.parse(deadline.dueAt);
}

export function feedbackDueAfter(from: Date, settings: GrievanceSettings): string {
  return new Date(from.getTime() + Math.round(settings.feedbackWindowHours * HOUR_MS)).toISOString();
}

/** The moment a delivery of `event` is meant for (the deadline, or its reminder). */
export function fireTime(event: DeadlineEvent, settings: GrievanceSettings): string {
  return event.kind === 'REMINDER' ? reminderAt(toLevel(event.level), event.dueAt, settings) : event.dueAt;
}

// ---------------------------------------------------------------- pending deadlines

/**
 * The grievance's pending deadline, if any: OPEN → dueAt (unless its level-3
 * deadline was already breached), RESOLVED → end of the feedback window.
 * This is what the byDeadline index holds.
 */
export function pendingDeadline(g: Grievance): string | null {
  if (g.status === 'OPEN') return lastStateEvent(g)?.type === 'SLA_BREACHED' ? null : g.dueAt;
  if (g.status === 'RESOLVED') return g.feedbackDueAt ?? null;
  return null;
}

/** Events that change neither status, level nor deadline. */
const NOT_STATE: readonly TimelineEvent['type'][] = ['RESPONDED', 'NOTE', 'ASSIGNED', 'UNASSIGNED'];

/** The last timeline event that changed status, level or deadline (not responses, notes or claims). */
function lastStateEvent(g: Grievance): TimelineEvent | undefined {
  for (let i = g.timeline.length - 1; i >= 0; i--) {
    const e = g.timeline[i];
    if (e && !NOT_STATE.includes(e.type)) return e;
  }
  return undefined;
}

/** The scheduler's event for the grievance's current level and `dueAt` (or its reminder). */
export const deadlineEvent = (g: Grievance, dueAt: string, kind?: 'REMINDER'): DeadlineEvent => ({
  grievanceId: g.id,
  level: g.level,
  dueAt,
  ...(kind ? { kind } : {}),
});

/** Triggers to arm for the grievance's pending deadline: the deadline and, while OPEN, its reminder. */
export function deadlineTriggers(g: Grievance, settings: GrievanceSettings, now: Date): ArmDeadline[] {
  const deadline = pendingDeadline(g);
  if (!deadline) return [];
  const out: ArmDeadline[] = [{ event: deadlineEvent(g, deadline), at: deadline }];
  if (g.status === 'OPEN') {
    const remindAt = reminderAt(g.level, deadline, settings);
    if (Date.parse(remindAt) > now.getTime())
      out.push({ event: deadlineEvent(g, deadline, 'REMINDER'), at: remindAt });
  }
  return out;
}

/** Triggers to disarm when the grievance's pending deadline goes away. */
export function disarmTriggers(g: Grievance): DeadlineEvent[] {
  const deadline = pendingDeadline(g);
  if (!deadline) return [];
  const out = [deadlineEvent(g, deadline)];
  if (g.status === 'OPEN') out.push(deadlineEvent(g, deadline, 'REMINDER'));
  return out;
}
