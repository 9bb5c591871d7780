/**
 * The escalation matrix (API.md, Grievances, rules 1–6) as pure functions over
 * plain data and an injected `now`. Each rule returns the next grievance plus
 * the effects to perform (SMS, alerts, deadlines to arm or disarm) as data; the
 * use cases write the grievance first and then perform the effects. The SLA
 * arithmetic is in grievance-sla.ts, the texts in grievance-messages.ts.
 */
import { AppError, ConflictError, ForbiddenError, ValidationError } from '../errors';
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
import type { SmsText } from './sms-catalogue';
import { requireWorksAtLevel } from './staff';

/** An SMS to the customer. */
export interface OutgoingSms extends SmsText {
  to: string;
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
  /**
   * The action was refused, but only after the clock had moved the grievance on
   * (a deadline that passed before it): write `grievance`, perform `effects`,
   * then answer this error. See `onTime`.
   */
  refusal?: AppError;
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

/**
 * The grievance without its assignee: escalation, resolution, reopening and
 * closing hand it back to the level's pool (nobody holds what arrives at a level).
 */
function unassigned(g: Grievance): Grievance {
  const { assignee: _gone, ...rest } = g;
  return rest;
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
  effects.sms.push({ to: grievance.customer.phone, ...acknowledgementSms(grievance, settings) });
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
    unassigned(g),
    { at, type: 'ESCALATED', level, actor: 'SYSTEM', reason: 'DEADLINE' },
    { level, levelName: LEVEL_NAMES[level], dueAt: dueAfter(now, level, settings) },
  );
  effects.sms.push({ to: g.customer.phone, ...escalatedSms(next, settings) });
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
  const { feedbackDueAt: _done, ...rest } = unassigned(g);
  const next = withEvent(
    rest,
    { at, type: 'CLOSED', level: g.level, actor: 'SYSTEM', reason: 'NO_FEEDBACK' },
    { status: 'CLOSED' },
  );
  const effects = noEffects();
  effects.sms.push({ to: g.customer.phone, ...closedWithoutFeedbackSms(g) });
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
 * feedback window running. A CLOSED grievance takes nothing (409). Decided at
 * `now` (see `onTime`): a response after `dueAt` meets the escalated grievance.
 */
export function staffRespond(
  g: Grievance,
  input: StaffResponse,
  staff: { sub: string; level: number },
  now: Date,
  settings: GrievanceSettings,
): Change {
  return onTime(g, now, settings, (current) => respondNow(current, input, staff, now, settings));
}

function respondNow(
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
    unassigned(g),
    { ...base, type: 'RESOLVED' },
    {
      status: 'RESOLVED',
      dueAt: null,
      // Late only at level 3 after its breach: below it, onTime escalated an overdue grievance first.
      resolution: { message: input.message, at, level: g.level, withinSla: isBefore(now, g.dueAt) },
      feedbackDueAt: feedbackDueAfter(now, settings),
    },
  );
  effects.sms.push({ to: g.customer.phone, ...resolvedSms(g, settings) });
  effects.disarm.push(...disarmTriggers(g));
  effects.arm.push(...deadlineTriggers(next, settings, now));
  return { grievance: next, effects };
}

// ---------------------------------------------------------------- ownership: claim and release

/**
 * A staff member claims an OPEN grievance: staff at its level or above (the
 * level rule, 403 otherwise); held by someone else → 409 unless `takeOver`.
 * Claiming one's own claim again changes nothing. Decided at `now` (see
 * `onTime`): a claim after the deadline meets the escalated, unassigned grievance.
 */
export function claimGrievance(
  g: Grievance,
  input: { takeOver?: boolean | undefined },
  staff: { sub: string; level: number },
  now: Date,
  settings: GrievanceSettings,
): Change {
  return onTime(g, now, settings, (current) => claimNow(current, input, staff, now));
}

function claimNow(
  g: Grievance,
  input: { takeOver?: boolean | undefined },
  staff: { sub: string; level: number },
  now: Date,
): Change<never> {
  requireWorksAtLevel(staff.level, g.level);
  if (g.status !== 'OPEN')
    throw new ConflictError(`Only an OPEN grievance can be claimed; this one is ${g.status}.`);
  const effects = noEffects<never>();
  if (g.assignee?.staffId === staff.sub) return { grievance: g, effects };
  if (g.assignee && !input.takeOver)
    throw new ConflictError(
      `This grievance is held by ${g.assignee.staffId} since ${g.assignee.at}; claim with takeOver to take it over.`,
    );
  const at = now.toISOString();
  const event: TimelineEvent = compact({
    at,
    type: 'ASSIGNED',
    level: g.level,
    actor: 'STAFF',
    staffId: staff.sub,
    reason: g.assignee ? 'TAKEN_OVER' : undefined,
    message: g.assignee ? `Taken over from ${g.assignee.staffId}` : undefined,
  } satisfies TimelineEvent);
  return { grievance: withEvent(g, event, { assignee: { staffId: staff.sub, at } }), effects };
}

/**
 * Releases a claim. The holder may release their own; so may an `admin`
 * (`isAdmin`), who may do everything. Anyone else is refused (403): they take
 * it over with a claim and `takeOver` instead, which the timeline records.
 * Releasing an unclaimed grievance changes nothing (the answer is the same).
 */
export function releaseGrievance(
  g: Grievance,
  staff: { sub: string; level: number; isAdmin: boolean },
  now: Date,
  settings: GrievanceSettings,
): Change {
  return onTime(g, now, settings, (current) => releaseNow(current, staff, now));
}

function releaseNow(
  g: Grievance,
  staff: { sub: string; level: number; isAdmin: boolean },
  now: Date,
): Change<never> {
  requireWorksAtLevel(staff.level, g.level);
  const effects = noEffects<never>();
  if (!g.assignee) return { grievance: g, effects };
  if (g.assignee.staffId !== staff.sub && !staff.isAdmin)
    throw new ForbiddenError(
      `This grievance is held by ${g.assignee.staffId}; only they or an admin may release it (claim with takeOver to take it over).`,
    );
  const event: TimelineEvent = compact({
    at: now.toISOString(),
    type: 'UNASSIGNED',
    level: g.level,
    actor: 'STAFF',
    staffId: staff.sub,
    message: g.assignee.staffId !== staff.sub ? `Released from ${g.assignee.staffId}` : undefined,
  } satisfies TimelineEvent);
  return { grievance: withEvent(unassigned(g), event), effects };
}

// ---------------------------------------------------------------- SMS that could not be sent

/** An SMS to the customer that the SMS gateway refused for good (opted out, invalid number). */
export interface SmsNotDelivered {
  /** When the gateway refused it: the same on every retry of the recording, so it is recorded once. */
  at: string;
  kind: string;
  to: string;
  reason: string;
}

/**
 * Staff must see that the customer was not told: a staff-only SMS_NOT_DELIVERED event naming the
 * SMS and the number. The grievance itself goes on unchanged (state, level, deadlines). Recording
 * the same failure again (a redelivered queue message) changes nothing.
 */
export function recordSmsNotDelivered(g: Grievance, failure: SmsNotDelivered): Change<never> {
  const event: TimelineEvent = {
    at: failure.at,
    type: 'SMS_NOT_DELIVERED',
    level: g.level,
    actor: 'SYSTEM',
    reason: failure.reason,
    message: `${failure.kind.toLowerCase().replace(/_/g, ' ')} SMS to ${failure.to} was not sent`,
  };
  const effects = noEffects<never>();
  const same = (e: TimelineEvent) =>
    e.type === event.type && e.at === event.at && e.reason === event.reason && e.message === event.message;
  if (g.timeline.some(same)) return { grievance: g, effects };
  // Appended without moving updatedAt: nothing the customer sees changed.
  return { grievance: { ...g, timeline: [...g.timeline, event] }, effects };
}

// ---------------------------------------------------------------- rule 5: customer feedback

export interface Feedback {
  satisfied: boolean;
  rating?: number | undefined;
  comment?: string | undefined;
}

/**
 * Rule 5: feedback on a RESOLVED grievance. Satisfied closes it; not satisfied
 * escalates it a level (or reopens it at level 3) with a new deadline. Decided
 * at `now` (see `onTime`): feedback once the window has closed meets a
 * grievance closed for want of feedback (rule 6), and is refused with 409.
 */
export function customerFeedback(
  g: Grievance,
  input: Feedback,
  now: Date,
  settings: GrievanceSettings,
): Change {
  return onTime(g, now, settings, (current) => feedbackNow(current, input, now, settings));
}

function feedbackNow(g: Grievance, input: Feedback, now: Date, settings: GrievanceSettings): Change {
  if (!input.satisfied && !input.comment?.trim())
    throw new ValidationError([{ path: 'comment', message: 'is required when not satisfied' }]);
  if (g.status !== 'RESOLVED')
    throw new ConflictError(`Feedback is only taken on a RESOLVED grievance; this one is ${g.status}.`);

  const at = now.toISOString();
  const feedback = compact({ satisfied: input.satisfied, rating: input.rating, comment: input.comment, at });
  const { feedbackDueAt: _window, ...rest } = unassigned(g);
  const effects = noEffects();
  effects.disarm.push(...disarmTriggers(g));

  if (input.satisfied) {
    const next = withEvent(
      rest,
      { at, type: 'CLOSED', level: g.level, actor: 'CUSTOMER', reason: 'CUSTOMER_SATISFIED' },
      { status: 'CLOSED', feedback },
    );
    effects.sms.push({ to: g.customer.phone, ...closedSatisfiedSms(g) });
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
    ...(reopened ? reopenedSms(next, settings) : escalatedSms(next, settings)),
  });
  effects.alerts.push(unsatisfiedAlert(next, reopened));
  effects.arm.push(...deadlineTriggers(next, settings, now));
  if (!reopened) effects.metrics.push('GrievanceEscalated');
  return { grievance: next, effects };
}

// ---------------------------------------------------------------- decisions at the clock's edges

const isBefore = (now: Date, deadline: string | null): boolean =>
  deadline !== null && now.getTime() < Date.parse(deadline);

/**
 * What the clock alone did to `g` by `now`: the pending deadline, once passed
 * (`now` ≥ it), escalates (rule 2), breaches (rule 3) or closes for want of
 * feedback (rule 6) — exactly what its scheduled delivery does, whether or not
 * that delivery has arrived yet (in AWS it may land up to a minute late).
 */
export function overdueChange(g: Grievance, now: Date, settings: GrievanceSettings): Change | undefined {
  const deadline = pendingDeadline(g);
  if (deadline === null || isBefore(now, deadline)) return undefined;
  const decision = decideDeadline(g, deadlineEvent(g, deadline), now, settings);
  if (decision.kind !== 'CHANGE') return undefined;
  // The delivery still on its way will find nothing to do; disarm it rather than let it fire for nothing.
  const { effects } = decision.change;
  return {
    ...decision.change,
    effects: { ...effects, disarm: [...effects.disarm, deadlineEvent(g, deadline)] },
  };
}

/** A change whose effects are of kinds K, as one of any kind (the other kinds' lists are empty). */
const widen = <K extends EffectKind>(change: Change<K>): Change => change as unknown as Change;

const sameEvent = (a: DeadlineEvent, b: DeadlineEvent) =>
  a.grievanceId === b.grievanceId && a.level === b.level && a.dueAt === b.dueAt && a.kind === b.kind;

/** `first`'s effects, then `then`'s: a trigger armed by one and disarmed by the other is neither. */
function mergeEffects(first: Effects, then: Effects): Effects {
  return {
    sms: [...first.sms, ...then.sms],
    alerts: [...first.alerts, ...then.alerts],
    arm: [...first.arm.filter((a) => !then.disarm.some((d) => sameEvent(a.event, d))), ...then.arm],
    disarm: [...first.disarm, ...then.disarm.filter((d) => !first.arm.some((a) => sameEvent(a.event, d)))],
    metrics: [...first.metrics, ...then.metrics],
  };
}

/** Why the action met a different grievance than the caller saw. */
function overdueReason(before: Grievance, after: Grievance): string {
  if (before.status === 'RESOLVED')
    return `The feedback window closed at ${before.feedbackDueAt}; the grievance was closed without feedback.`;
  if (after.slaBreached && !before.slaBreached)
    return `The level-3 deadline passed at ${before.dueAt}; the grievance is in breach of its SLA.`;
  return `The level-${before.level} deadline passed at ${before.dueAt}; the grievance was escalated to level ${after.level} (${after.levelName}).`;
}

/**
 * Every action is decided at `now` against the grievance as the clock has left
 * it, so the answer never depends on how late a deadline's delivery is:
 *  - nothing overdue: the action as it is;
 *  - a deadline passed: its change first (escalation, breach, closing), then the
 *    action on the result — both written together;
 *  - the action is refused on the result (a level-1 response after the level-1
 *    deadline: 403, the grievance is now at level 2; feedback after the window:
 *    409, it is closed): the deadline's change is still written, and the refusal
 *    says what happened.
 */
export function onTime<K extends EffectKind>(
  g: Grievance,
  now: Date,
  settings: GrievanceSettings,
  act: (current: Grievance) => Change<K>,
): Change {
  const overdue = overdueChange(g, now, settings);
  if (!overdue) return widen(act(g));
  let next: Change;
  try {
    next = widen(act(overdue.grievance));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const detail = `${overdueReason(g, overdue.grievance)} ${error.message}`;
    const refusal = new AppError(
      error.status,
      error.type,
      error.title,
      detail,
      error.extra,
      error.headers,
      error.code,
    );
    return { ...overdue, refusal };
  }
  return { grievance: next.grievance, effects: mergeEffects(overdue.effects, next.effects) };
}
