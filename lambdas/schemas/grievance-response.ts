import { CHANNELS, GRIEVANCE_CATEGORIES } from '../domain/grievance';
import { isoTimestamp } from './common';
import * as z from './z';

/**
 * Response shapes: the OpenAPI document's components, and the truth the
 * presenters are tested against (test/e2e/response-schemas.e2e.test.ts parses
 * real answers with them). Kept apart so handler bundles do not carry them.
 */

const level = z.number().check(z.int(), z.gte(1), z.lte(3));

const timelineEvent = z.strictObject({
  at: isoTimestamp,
  type: z.enum([
    'CREATED',
    'ESCALATED',
    'RESPONDED',
    'NOTE',
    'RESOLVED',
    'REOPENED',
    'CLOSED',
    'SLA_BREACHED',
    'ASSIGNED',
    'UNASSIGNED',
    'SMS_NOT_DELIVERED',
  ]),
  level,
  actor: z.enum(['CUSTOMER', 'STAFF', 'SYSTEM']),
  reason: z.optional(z.string()),
  message: z.optional(z.string()),
  /** Staff views only. */
  staffId: z.optional(z.string()),
  /** e.g. "Escalated to Head of Customer Service". */
  label: z.string(),
});

export const grievanceSummarySchema = z.strictObject({
  id: z.string(),
  status: z.enum(['OPEN', 'RESOLVED', 'CLOSED']),
  /** Open, Resolved, Closed. */
  statusLabel: z.string(),
  level,
  levelName: z.string(),
  dueAt: z.nullable(isoTimestamp),
  slaBreached: z.boolean(),
  customer: z.strictObject({ name: z.string(), phone: z.string(), email: z.optional(z.string()) }),
  category: z.enum(GRIEVANCE_CATEGORIES),
  /** e.g. "Repair delay". */
  categoryLabel: z.string(),
  description: z.string(),
  device: z.optional(
    z.strictObject({
      model: z.optional(z.string()),
      imei: z.optional(z.string()),
      serialNumber: z.optional(z.string()),
    }),
  ),
  serviceOrderId: z.optional(z.string()),
  channel: z.enum(CHANNELS),
  resolution: z.optional(
    z.strictObject({
      message: z.string(),
      at: isoTimestamp,
      level,
      /** Resolved before the level's deadline (absent on resolutions recorded before v1.1). */
      withinSla: z.optional(z.boolean()),
    }),
  ),
  feedback: z.optional(
    z.strictObject({
      satisfied: z.boolean(),
      rating: z.optional(z.number()),
      comment: z.optional(z.string()),
      at: isoTimestamp,
    }),
  ),
  /** Staff views only: who has claimed it (POST /staff/grievances/{id}/claim). */
  assignee: z.optional(z.strictObject({ staffId: z.string(), at: isoTimestamp })),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});

export const grievanceSchema = z.extend(grievanceSummarySchema, { timeline: z.array(timelineEvent) });
/** GET /grievances: a page of the customer's own, newest first. */
export const grievanceListSchema = z.strictObject({
  items: z.array(grievanceSummarySchema),
  nextCursor: z.nullable(z.string()),
});
export const staffQueueSchema = z.strictObject({
  items: z.array(grievanceSummarySchema),
  nextCursor: z.nullable(z.string()),
});

const count = z.number().check(z.int(), z.gte(0));
const minutes = z.nullable(z.number().check(z.int(), z.gte(0)));

/** GET /staff/reports/sla (API.md, Ownership and SLA reports). */
export const slaReportSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  /** REPORT_TIME_ZONE: the zone whose days are counted. */
  timeZone: z.string(),
  levels: z.array(
    z.strictObject({
      level,
      levelName: z.string(),
      /** Arrivals: filing (level 1), each escalation into it (2, 3). */
      entered: count,
      resolved: count,
      /** Resolved before that level's dueAt. */
      resolvedWithinSla: count,
      escalatedOnDeadline: count,
      /** Escalated (or, at level 3, reopened) because the customer was not satisfied. */
      escalatedUnhappy: count,
      breached: count,
      /** From arriving at the level to resolution; the upper bound of its histogram bucket (null: none resolved). */
      medianResolutionMinutes: minutes,
      p90ResolutionMinutes: minutes,
    }),
  ),
  filed: count,
  closed: count,
  satisfaction: z.strictObject({
    rated: count,
    averageRating: z.nullable(z.number()),
    satisfied: count,
    unsatisfied: count,
  }),
  /** Now, whatever the range: OPEN per level, and those past their dueAt. */
  openNow: z.array(z.strictObject({ level, open: count, overdue: count })),
  days: z.array(
    z.strictObject({ date: z.iso.date(), filed: count, resolved: count, escalated: count, breached: count }),
  ),
});
