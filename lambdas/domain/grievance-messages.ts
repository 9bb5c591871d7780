/**
 * What the customer reads by SMS and what the level teams read in their alerts,
 * for each step of the escalation matrix. Texts only: the rules decide who gets
 * which and when.
 */
import type { Alert, AlertTopic } from '../ports/alerts';
import type { DeadlineEvent } from '../ports/scheduler';
import { type Grievance, LEVEL_NAMES, type Level, toLevel } from './grievance';
import { type GrievanceSettings, HOUR_MS, slaMs } from './grievance-sla';
import { inlineQuote } from './text';

/** "48 hours", "90 minutes", "2 seconds": an SLA as a customer reads it. */
export function describeDuration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= HOUR_MS) return plural(Math.round((ms / HOUR_MS) * 10) / 10, 'hour');
  if (ms >= 60_000) return plural(Math.round(ms / 60_000), 'minute');
  return plural(Math.max(1, Math.round(ms / 1000)), 'second');
}

/** 2025-01-12 14:30 UTC */
const readable = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const levelTopic = (level: Level): AlertTopic => `level-${level}`;

// ---------------------------------------------------------------- customer SMS

function openLevelSms(g: Grievance, verb: string, settings: GrievanceSettings): string {
  const due = g.dueAt ?? '';
  return (
    `Redress: your grievance ${g.id} ${verb} ${LEVEL_NAMES[g.level]}, who will respond within ` +
    `${describeDuration(slaMs(g.level, settings))} (by ${readable(due)}).`
  );
}

/** Rule 1: the new grievance is with level 1, due by its deadline. */
export const acknowledgementSms = (g: Grievance, settings: GrievanceSettings): string =>
  `${openLevelSms(g, 'is registered with our', settings)} Quote ${g.id} in any enquiry.`;

/** Rules 2 and 5: the grievance moved up to its (new) level. */
export const escalatedSms = (g: Grievance, settings: GrievanceSettings): string =>
  openLevelSms(g, 'has been escalated to the', settings);

/** Rule 5: an unsatisfied customer reopened a level-3 resolution. */
export const reopenedSms = (g: Grievance, settings: GrievanceSettings): string =>
  openLevelSms(g, 'is reopened with the', settings);

/** Rule 4: the resolution, and how long the customer has to say whether it satisfies them. */
export function resolvedSms(g: Grievance, message: string, settings: GrievanceSettings): string {
  const days = Math.round((settings.feedbackWindowHours / 24) * 10) / 10;
  return (
    `Redress: your grievance ${g.id} has been resolved: "${inlineQuote(message, 300)}". ` +
    `Please tell us within ${days >= 1 ? `${days} days` : describeDuration(settings.feedbackWindowHours * HOUR_MS)} whether you are satisfied.`
  );
}

/** Rule 5: closed on the customer's satisfaction. */
export const closedSatisfiedSms = (g: Grievance): string =>
  `Redress: thank you for your feedback. Your grievance ${g.id} is now closed.`;

/** Rule 6: closed when the feedback window ran out. */
export const closedWithoutFeedbackSms = (g: Grievance): string =>
  `Redress: your grievance ${g.id} is now closed, as we did not hear back after its resolution.`;

// ---------------------------------------------------------------- team alerts

function levelAlert(g: Grievance, subject: string, why: string): Alert {
  return {
    topic: levelTopic(g.level),
    subject,
    body:
      `Grievance ${g.id} (${g.category}) is now with ${LEVEL_NAMES[g.level]} (level ${g.level}). ${why} ` +
      `Respond by ${g.dueAt ?? 'n/a'}.`,
    level: g.level,
    grievanceId: g.id,
  };
}

/** Rule 2: to the new level's team, when `missedLevel` let its deadline pass. */
export const missedDeadlineAlert = (g: Grievance, missedLevel: Level): Alert =>
  levelAlert(
    g,
    `Grievance ${g.id} escalated to level ${g.level}`,
    `Level ${missedLevel} missed its deadline.`,
  );

/** Rule 5: to the new level's team, when the customer is not satisfied. */
export const unsatisfiedAlert = (g: Grievance, reopened: boolean): Alert =>
  levelAlert(
    g,
    reopened ? `Grievance ${g.id} reopened at level 3` : `Grievance ${g.id} escalated to level ${g.level}`,
    'The customer is not satisfied with the resolution.',
  );

/** Rule 3: the level-3 team and operations, when the level-3 deadline `dueAt` passed. */
export function slaBreachedAlerts(g: Grievance, dueAt: string): Alert[] {
  const body =
    `Grievance ${g.id} (${g.category}) missed its level-3 deadline of ${dueAt} at the ` +
    `${LEVEL_NAMES[3]} and is in breach of its SLA.`;
  const subject = `SLA breached: grievance ${g.id}`;
  return [
    { topic: 'level-3', subject, body, level: 3, grievanceId: g.id },
    { topic: 'operations', subject, body, level: 3, grievanceId: g.id },
  ];
}

/** The 75 % reminder to the current level's team (the caller checks it is still pending). */
export function reminderAlert(event: DeadlineEvent): Alert {
  const level = toLevel(event.level);
  return {
    topic: levelTopic(level),
    subject: `Reminder: grievance ${event.grievanceId} is due ${readable(event.dueAt)}`,
    body:
      `Grievance ${event.grievanceId} is still open with ${LEVEL_NAMES[level]} (level ${level}) and ` +
      `escalates at ${event.dueAt} unless it is resolved.`,
    level,
    grievanceId: event.grievanceId,
  };
}
