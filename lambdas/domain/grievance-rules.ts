/**
 * The escalation matrix (API.md, Grievances, rules 1–6) as pure functions over
 * plain data and an injected `now`. Each rule returns the next grievance plus
 * the effects to perform (SMS, alerts, deadlines to arm or disarm) as data; the
 * use cases write the grievance first and then perform the effects. The SLA
 * arithmetic is in grievance-sla.ts, the texts in grievance-messages.ts.
 */
import { ConflictError, ValidationError } from '../errors';
import type { MetricName } from '../metrics';
import type { Alert } from '../ports/alerts';
import type { DeadlineEvent } from '../ports/scheduler';
import {
  type Channel,
  type Grievance,
  type GrievanceCategory,
  LEVEL_NAMES,
  type TimelineEvent,
  toLevel,
} from './grievance';
import {
  acknowledgementSms,
  closedSatisfiedSms,
  closedWithoutFeedbackSms,
  escalatedSms,
  missedDeadlineAlert,
  reopenedSms,
  resolvedSms,
  slaBreachedAlerts,
  unsatisfiedAlert,
} from './grievance-messages';
import {
  type ArmDeadline,
  deadlineEvent,
  deadlineTriggers,
  disarmTriggers,
  dueAfter,
  feedbackDueAfter,
  type GrievanceSettings,
  pendingDeadline,
} from './grievance-sla';
import { requireWorksAtLevel } from './staff';

/** An SMS to the customer. */
export interface OutgoingSms {
  to: string;
  body: string;
}

interface EffectLists {
  sms: OutgoingSms[];
  alerts: Alert[];
  arm: ArmDeadline[];
  disarm: DeadlineEvent[];
}

/** The kinds of effect a rule can ask for: each needs its own port (SMS, alerts, the scheduler). */
export type EffectKind = keyof EffectLists;

/**
 * What a rule asks the use case to do after its write. `K` names the kinds the
 * rule can produce; the others are `never[]` (always empty), so performing the
 * effects needs only the ports of `K` — and leaving one of those out of a use
 * case's deps is a compile error.
 */
export type Effects<K extends EffectKind = EffectKind> = {
  [P in EffectKind]: P extends K ? EffectLists[P] : never[];
} & { metrics: MetricName[] };

export interface Change<K extends EffectKind = EffectKind> {
  grievance: Grievance;
  effects: Effects<K>;
}

export type DeadlineDecision =
  | { kind: 'CHANGE'; change: Change }
  /** The deadline matches but has not passed yet: fire again at `fireAt`. */
  | { kind: 'EARLY'; fireAt: string }
  /** Stale, duplicate or out-of-order delivery: nothing to do. */
  | { kind: 'IGNORE'; reason: string };

function noEffects<K extends EffectKind = EffectKind>(): Effects<K>;
function noEffects(): Effects {
  return { sms: [], alerts: [], arm: [], disarm: [], metrics: [] };
}

/** The grievance after `event`: `changes` applied, `updatedAt` moved to the event's time, the event appended. */
function withEvent(g: Grievance, event: TimelineEvent, changes: Partial<Grievance> = {}): Grievance {
  return { ...g, ...changes, updatedAt: event.at, timeline: [...g.timeline, event] };
}

const compact = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

// ---------------------------------------------------------------- rule 1: create

export interface NewGrievance {
  customer: { name: string; phone: string; email?: string | undefined };
  category: GrievanceCategory;
  description: string;
  device?: { model?: string | undefined; imei?: string | undefined; serialNumber?: string | undefined };
  serviceOrderId?: string | undefined;
  channel: Channel;
}

/** Rule 1: OPEN at level 1, due after the level-1 SLA; the customer gets an acknowledgement. */
export function createGrievance(
  input: NewGrievance,
  context: { id: string; now: Date; actor: 'CUSTOMER' | 'STAFF'; staffId?: string },
  settings: GrievanceSettings,
): Change<'sms' | 'arm'> {
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
  const effects = noEffects<'sms' | 'arm'>();
  effects.sms.push({ to: grievance.customer.phone, body: acknowledgementSms(grievance, settings) });
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
    const next = withEvent(
      g,
      { at, type: 'SLA_BREACHED', level: 3, actor: 'SYSTEM', reason: 'DEADLINE' },
      { slaBreached: true },
    );
    effects.alerts.push(...slaBreachedAlerts(g, event.dueAt));
    effects.metrics.push('GrievanceSlaBreached');
    return { kind: 'CHANGE', change: { grievance: next, effects } };
  }
  const level = toLevel(g.level + 1);
  const next = withEvent(
    g,
    { at, type: 'ESCALATED', level, actor: 'SYSTEM', reason: 'DEADLINE' },
    { level, levelName: LEVEL_NAMES[level], dueAt: dueAfter(now, level, settings) },
  );
  effects.sms.push({ to: g.customer.phone, body: escalatedSms(next, settings) });
  effects.alerts.push(missedDeadlineAlert(next, g.level));
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
  const next = withEvent(
    rest,
    { at, type: 'CLOSED', level: g.level, actor: 'SYSTEM', reason: 'NO_FEEDBACK' },
    { status: 'CLOSED' },
  );
  const effects = noEffects();
  effects.sms.push({ to: g.customer.phone, body: closedWithoutFeedbackSms(g) });
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
): Change<'sms' | 'arm' | 'disarm'> {
  requireWorksAtLevel(staff.level, g.level);
  if (g.status === 'CLOSED') throw new ConflictError('This grievance is closed.');
  if (input.internal && input.resolve)
    throw new ValidationError([{ path: 'resolve', message: 'an internal note cannot resolve a grievance' }]);
  if (input.resolve && g.status !== 'OPEN') throw new ConflictError('This grievance is already resolved.');

  const at = now.toISOString();
  const base = { at, level: g.level, actor: 'STAFF' as const, message: input.message, staffId: staff.sub };
  const effects = noEffects<'sms' | 'arm' | 'disarm'>();
  if (input.internal) return { grievance: withEvent(g, { ...base, type: 'NOTE' }), effects };
  if (!input.resolve) return { grievance: withEvent(g, { ...base, type: 'RESPONDED' }), effects };
  const next = withEvent(
    g,
    { ...base, type: 'RESOLVED' },
    {
      status: 'RESOLVED',
      dueAt: null,
      resolution: { message: input.message, at, level: g.level },
      feedbackDueAt: feedbackDueAfter(now, settings),
    },
  );
  effects.sms.push({ to: g.customer.phone, body: resolvedSms(g, input.message, settings) });
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
    const next = withEvent(
      rest,
      { at, type: 'CLOSED', level: g.level, actor: 'CUSTOMER', reason: 'CUSTOMER_SATISFIED' },
      { status: 'CLOSED', feedback },
    );
    effects.sms.push({ to: g.customer.phone, body: closedSatisfiedSms(g) });
    effects.metrics.push('GrievanceClosed');
    return { grievance: next, effects };
  }

  const level = toLevel(g.level + 1);
  const reopened = g.level === 3;
  const next = withEvent(
    rest,
    compact({
      at,
      type: reopened ? 'REOPENED' : 'ESCALATED',
      level,
      actor: 'CUSTOMER',
      reason: 'CUSTOMER_UNSATISFIED',
      message: input.comment,
    } satisfies TimelineEvent),
    { status: 'OPEN', level, levelName: LEVEL_NAMES[level], dueAt: dueAfter(now, level, settings), feedback },
  );
  effects.sms.push({
    to: g.customer.phone,
    body: reopened ? reopenedSms(next, settings) : escalatedSms(next, settings),
  });
  effects.alerts.push(unsatisfiedAlert(next, reopened));
  effects.arm.push(...deadlineTriggers(next, settings, now));
  if (!reopened) effects.metrics.push('GrievanceEscalated');
  return { grievance: next, effects };
}
