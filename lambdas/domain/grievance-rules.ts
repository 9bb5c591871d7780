/**
 * The escalation matrix (API.md, Grievances, rules 1–6) as pure functions over
 * plain data and an injected `now`. Each rule returns the next grievance plus
 * the effects to perform (SMS, alerts, deadlines to arm or disarm) as data; the
 * use cases write the grievance first and then perform the effects.
 */
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import type { MetricName } from '../metrics';
import type { Alert, AlertTopic } from '../ports/alerts';
import type { DeadlineEvent } from '../ports/scheduler';
import {
  type Channel,
  type Grievance,
  type GrievanceCategory,
  LEVEL_NAMES,
  type Level,
  type TimelineEvent,
} from './grievance';

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

export interface Effects {
  sms: { to: string; body: string }[];
  alerts: Alert[];
  arm: ArmDeadline[];
  disarm: DeadlineEvent[];
  metrics: MetricName[];
}

export interface Change {
  grievance: Grievance;
  effects: Effects;
}

export type DeadlineDecision =
  | { kind: 'CHANGE'; change: Change }
  /** The deadline matches but has not passed yet: fire again at `fireAt`. */
  | { kind: 'EARLY'; fireAt: string }
  /** Stale, duplicate or out-of-order delivery: nothing to do. */
  | { kind: 'IGNORE'; reason: string };

const HOUR_MS = 3_600_000;

const noEffects = (): Effects => ({ sms: [], alerts: [], arm: [], disarm: [], metrics: [] });

// ---------------------------------------------------------------- SLA arithmetic

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

export function feedbackDueAfter(from: Date, settings: GrievanceSettings): string {
  return new Date(from.getTime() + Math.round(settings.feedbackWindowHours * HOUR_MS)).toISOString();
}

/** The moment a delivery of `event` is meant for (the deadline, or its reminder). */
export function fireTime(event: DeadlineEvent, settings: GrievanceSettings): string {
  return event.kind === 'REMINDER' ? reminderAt(toLevel(event.level), event.dueAt, settings) : event.dueAt;
}

/** "48 hours", "90 minutes", "2 seconds": an SLA as a customer reads it. */
export function describeDuration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= HOUR_MS) return plural(Math.round((ms / HOUR_MS) * 10) / 10, 'hour');
  if (ms >= 60_000) return plural(Math.round(ms / 60_000), 'minute');
  return plural(Math.max(1, Math.round(ms / 1000)), 'second');
}

/** 2025-01-12 14:30 UTC */
const readable = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function toLevel(n: number): Level {
  return n <= 1 ? 1 : n >= 3 ? 3 : 2;
}

// ---------------------------------------------------------------- deadlines

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

/** The last timeline event that changed status, level or deadline (not responses or notes). */
function lastStateEvent(g: Grievance): TimelineEvent | undefined {
  for (let i = g.timeline.length - 1; i >= 0; i--) {
    const e = g.timeline[i];
    if (e && e.type !== 'RESPONDED' && e.type !== 'NOTE') return e;
  }
  return undefined;
}

const deadlineEvent = (g: Grievance, dueAt: string, kind?: 'REMINDER'): DeadlineEvent => ({
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
function disarmTriggers(g: Grievance): DeadlineEvent[] {
  const deadline = pendingDeadline(g);
  if (!deadline) return [];
  const out = [deadlineEvent(g, deadline)];
  if (g.status === 'OPEN') out.push(deadlineEvent(g, deadline, 'REMINDER'));
  return out;
}

// ---------------------------------------------------------------- messages

const levelTopic = (level: Level): AlertTopic => `level-${level}`;

function openLevelSms(g: Grievance, verb: string, settings: GrievanceSettings): string {
  const due = g.dueAt ?? '';
  return (
    `Redress: your grievance ${g.id} ${verb} ${LEVEL_NAMES[g.level]}, who will respond within ` +
    `${describeDuration(slaMs(g.level, settings))} (by ${readable(due)}).`
  );
}

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

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

// ---------------------------------------------------------------- rule 1: create

export interface NewGrievance {
  customer: { name: string; phone: string; email?: string | undefined };
  category: GrievanceCategory;
  description: string;
  device?: { model?: string | undefined; imei?: string | undefined; serialNumber?: string | undefined };
  serviceOrderId?: string | undefined;
  channel: Channel;
}

const compact = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Rule 1: OPEN at level 1, due after the level-1 SLA; the customer gets an acknowledgement. */
export function createGrievance(
  input: NewGrievance,
  context: { id: string; now: Date; actor: 'CUSTOMER' | 'STAFF'; staffId?: string },
  settings: GrievanceSettings,
): Change {
  const at = context.now.toISOString();
  const grievance: Grievance = compact({
    id: context.id,
    status: 'OPEN',
    level: 1,
    levelName: LEVEL_NAMES[1],
    dueAt: dueAfter(context.now, 1, settings),
    slaBreached: false,
    customer: compact({ ...input.customer }) as Grievance['customer'],
    category: input.category,
    description: input.description,
    device: input.device ? (compact({ ...input.device }) as Grievance['device']) : undefined,
    serviceOrderId: input.serviceOrderId,
    channel: input.channel,
    createdAt: at,
    updatedAt: at,
    timeline: [
      compact({
        at,
        type: 'CREATED',
        level: 1,
        actor: context.actor,
        staffId: context.staffId,
      } satisfies TimelineEvent),
    ],
  } satisfies Grievance);
  const effects = noEffects();
  effects.sms.push({
    to: grievance.customer.phone,
    body: `${openLevelSms(grievance, 'is registered with our', settings)} Quote ${grievance.id} in any enquiry.`,
  });
  effects.arm.push(...deadlineTriggers(grievance, settings, context.now));
  effects.metrics.push('GrievanceCreated');
  return { grievance, effects };
}

// ---------------------------------------------------------------- rules 2, 3: deadlines

/**
 * Rules 2 and 3: a deadline escalates only a grievance still OPEN at that level
 * with that dueAt, only once dueAt has passed, and only once (a breached level-3
 * deadline is no longer pending).
 */
export function escalateOnDeadline(
  g: Grievance,
  event: DeadlineEvent,
  now: Date,
  settings: GrievanceSettings,
): DeadlineDecision {
  if (g.status !== 'OPEN') return { kind: 'IGNORE', reason: `grievance is ${g.status}` };
  if (g.level !== event.level) return { kind: 'IGNORE', reason: `grievance is at level ${g.level}` };
  if (pendingDeadline(g) !== event.dueAt) return { kind: 'IGNORE', reason: 'deadline is not pending' };
  if (now.getTime() < Date.parse(event.dueAt)) return { kind: 'EARLY', fireAt: event.dueAt };

  const at = now.toISOString();
  const effects = noEffects();
  effects.disarm.push(deadlineEvent(g, event.dueAt, 'REMINDER'));
  if (g.level === 3) {
    const next: Grievance = {
      ...g,
      slaBreached: true,
      updatedAt: at,
      timeline: [...g.timeline, { at, type: 'SLA_BREACHED', level: 3, actor: 'SYSTEM', reason: 'DEADLINE' }],
    };
    const body =
      `Grievance ${g.id} (${g.category}) missed its level-3 deadline of ${event.dueAt} at the ` +
      `${LEVEL_NAMES[3]} and is in breach of its SLA.`;
    const subject = `SLA breached: grievance ${g.id}`;
    effects.alerts.push(
      { topic: 'level-3', subject, body, level: 3, grievanceId: g.id },
      { topic: 'operations', subject, body, level: 3, grievanceId: g.id },
    );
    effects.metrics.push('GrievanceSlaBreached');
    return { kind: 'CHANGE', change: { grievance: next, effects } };
  }
  const level = toLevel(g.level + 1);
  const next: Grievance = {
    ...g,
    level,
    levelName: LEVEL_NAMES[level],
    dueAt: dueAfter(now, level, settings),
    updatedAt: at,
    timeline: [...g.timeline, { at, type: 'ESCALATED', level, actor: 'SYSTEM', reason: 'DEADLINE' }],
  };
  effects.sms.push({ to: g.customer.phone, body: openLevelSms(next, 'has been escalated to the', settings) });
  effects.alerts.push(
    levelAlert(
      next,
      `Grievance ${g.id} escalated to level ${level}`,
      `Level ${g.level} missed its deadline.`,
    ),
  );
  effects.arm.push(...deadlineTriggers(next, settings, now));
  effects.metrics.push('GrievanceEscalated');
  return { kind: 'CHANGE', change: { grievance: next, effects } };
}

/** Rule 6: a RESOLVED grievance whose feedback window ran out closes (reason NO_FEEDBACK). */
export function closeForNoFeedback(g: Grievance, event: DeadlineEvent, now: Date): DeadlineDecision {
  if (g.status !== 'RESOLVED') return { kind: 'IGNORE', reason: `grievance is ${g.status}` };
  if (g.level !== event.level) return { kind: 'IGNORE', reason: `grievance is at level ${g.level}` };
  if (g.feedbackDueAt !== event.dueAt) return { kind: 'IGNORE', reason: 'feedback window is not pending' };
  if (now.getTime() < Date.parse(event.dueAt)) return { kind: 'EARLY', fireAt: event.dueAt };
  const at = now.toISOString();
  const { feedbackDueAt: _done, ...rest } = g;
  const next: Grievance = {
    ...rest,
    status: 'CLOSED',
    updatedAt: at,
    timeline: [...g.timeline, { at, type: 'CLOSED', level: g.level, actor: 'SYSTEM', reason: 'NO_FEEDBACK' }],
  };
  const effects = noEffects();
  effects.sms.push({
    to: g.customer.phone,
    body: `Redress: your grievance ${g.id} is now closed, as we did not hear back after its resolution.`,
  });
  effects.metrics.push('GrievanceClosed');
  return { kind: 'CHANGE', change: { grievance: next, effects } };
}

/** A DEADLINE delivery: escalates an OPEN grievance, closes a RESOLVED one, ignores anything else. */
export function decideDeadline(
  g: Grievance,
  event: DeadlineEvent,
  now: Date,
  settings: GrievanceSettings,
): DeadlineDecision {
  if (g.status === 'RESOLVED') return closeForNoFeedback(g, event, now);
  return escalateOnDeadline(g, event, now, settings);
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

// ---------------------------------------------------------------- rule 4: staff responses

export interface StaffResponse {
  message: string;
  resolve?: boolean | undefined;
  internal?: boolean | undefined;
}

/**
 * Rule 4: staff at the grievance's level or above may respond (403 otherwise);
 * `internal` adds a staff-only NOTE; `resolve` makes it RESOLVED with the
 * feedback window running. A CLOSED grievance takes nothing (409).
 */
export function staffRespond(
  g: Grievance,
  input: StaffResponse,
  staff: { sub: string; level: number },
  now: Date,
  settings: GrievanceSettings,
): Change {
  if (g.level > staff.level)
    throw new ForbiddenError(`This grievance is at level ${g.level}, above your level (${staff.level}).`);
  if (g.status === 'CLOSED') throw new ConflictError('This grievance is closed.');
  if (input.internal && input.resolve)
    throw new ValidationError([{ path: 'resolve', message: 'an internal note cannot resolve a grievance' }]);
  if (input.resolve && g.status !== 'OPEN') throw new ConflictError('This grievance is already resolved.');

  const at = now.toISOString();
  const base = { at, level: g.level, actor: 'STAFF' as const, message: input.message, staffId: staff.sub };
  const effects = noEffects();
  if (input.internal) {
    return {
      grievance: { ...g, updatedAt: at, timeline: [...g.timeline, { ...base, type: 'NOTE' }] },
      effects,
    };
  }
  if (!input.resolve) {
    return {
      grievance: { ...g, updatedAt: at, timeline: [...g.timeline, { ...base, type: 'RESPONDED' }] },
      effects,
    };
  }
  const next: Grievance = {
    ...g,
    status: 'RESOLVED',
    dueAt: null,
    resolution: { message: input.message, at, level: g.level },
    feedbackDueAt: feedbackDueAfter(now, settings),
    updatedAt: at,
    timeline: [...g.timeline, { ...base, type: 'RESOLVED' }],
  };
  const days = Math.round((settings.feedbackWindowHours / 24) * 10) / 10;
  effects.sms.push({
    to: g.customer.phone,
    body:
      `Redress: your grievance ${g.id} has been resolved: "${shorten(input.message, 300)}". ` +
      `Please tell us within ${days >= 1 ? `${days} days` : describeDuration(settings.feedbackWindowHours * HOUR_MS)} whether you are satisfied.`,
  });
  effects.disarm.push(...disarmTriggers(g));
  effects.arm.push(...deadlineTriggers(next, settings, now));
  return { grievance: next, effects };
}

// ---------------------------------------------------------------- rule 5: customer feedback

export interface Feedback {
  satisfied: boolean;
  rating?: number | undefined;
  comment?: string | undefined;
}

/**
 * Rule 5: feedback on a RESOLVED grievance. Satisfied closes it; not satisfied
 * escalates it a level (or reopens it at level 3) with a new deadline.
 */
export function customerFeedback(
  g: Grievance,
  input: Feedback,
  now: Date,
  settings: GrievanceSettings,
): Change {
  if (!input.satisfied && !input.comment?.trim())
    throw new ValidationError([{ path: 'comment', message: 'is required when not satisfied' }]);
  if (g.status !== 'RESOLVED')
    throw new ConflictError(`Feedback is only taken on a RESOLVED grievance; this one is ${g.status}.`);

  const at = now.toISOString();
  const feedback = compact({ satisfied: input.satisfied, rating: input.rating, comment: input.comment, at });
  const { feedbackDueAt: _window, ...rest } = g;
  const effects = noEffects();
  effects.disarm.push(...disarmTriggers(g));

  if (input.satisfied) {
    const next: Grievance = {
      ...rest,
      status: 'CLOSED',
      feedback,
      updatedAt: at,
      timeline: [
        ...g.timeline,
        { at, type: 'CLOSED', level: g.level, actor: 'CUSTOMER', reason: 'CUSTOMER_SATISFIED' },
      ],
    };
    effects.sms.push({
      to: g.customer.phone,
      body: `Redress: thank you for your feedback. Your grievance ${g.id} is now closed.`,
    });
    effects.metrics.push('GrievanceClosed');
    return { grievance: next, effects };
  }

  const level = toLevel(g.level + 1);
  const reopened = g.level === 3;
  const next: Grievance = {
    ...rest,
    status: 'OPEN',
    level,
    levelName: LEVEL_NAMES[level],
    dueAt: dueAfter(now, level, settings),
    feedback,
    updatedAt: at,
    timeline: [
      ...g.timeline,
      compact({
        at,
        type: reopened ? 'REOPENED' : 'ESCALATED',
        level,
        actor: 'CUSTOMER',
        reason: 'CUSTOMER_UNSATISFIED',
        message: input.comment,
      } satisfies TimelineEvent),
    ],
  };
  effects.sms.push({
    to: g.customer.phone,
    body: openLevelSms(next, reopened ? 'is reopened with the' : 'has been escalated to the', settings),
  });
  effects.alerts.push(
    levelAlert(
      next,
      reopened ? `Grievance ${g.id} reopened at level 3` : `Grievance ${g.id} escalated to level ${level}`,
      'The customer is not satisfied with the resolution.',
    ),
  );
  effects.arm.push(...deadlineTriggers(next, settings, now));
  if (!reopened) effects.metrics.push('GrievanceEscalated');
  return { grievance: next, effects };
}
