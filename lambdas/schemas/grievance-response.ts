import { CHANNELS, GRIEVANCE_CATEGORIES } from '../domain/grievance';
import * as z from './z';

/** Response shapes, for the OpenAPI document only (kept apart so handler bundles do not carry them). */

const timelineEvent = z.object({
  at: z.string(),
  type: z.enum([
    'CREATED',
    'ESCALATED',
    'RESPONDED',
    'NOTE',
    'RESOLVED',
    'REOPENED',
    'CLOSED',
    'SLA_BREACHED',
  ]),
  level: z.number(),
  actor: z.enum(['CUSTOMER', 'STAFF', 'SYSTEM']),
  reason: z.optional(z.string()),
  message: z.optional(z.string()),
  staffId: z.optional(z.string()),
});

export const grievanceSummarySchema = z.object({
  id: z.string(),
  status: z.enum(['OPEN', 'RESOLVED', 'CLOSED']),
  level: z.number(),
  levelName: z.string(),
  dueAt: z.nullable(z.string()),
  slaBreached: z.boolean(),
  customer: z.object({ name: z.string(), phone: z.string(), email: z.optional(z.string()) }),
  category: z.enum(GRIEVANCE_CATEGORIES),
  description: z.string(),
  device: z.optional(
    z.object({
      model: z.optional(z.string()),
      imei: z.optional(z.string()),
      serialNumber: z.optional(z.string()),
    }),
  ),
  serviceOrderId: z.optional(z.string()),
  channel: z.enum(CHANNELS),
  resolution: z.optional(z.object({ message: z.string(), at: z.string(), level: z.number() })),
  feedback: z.optional(
    z.object({
      satisfied: z.boolean(),
      rating: z.optional(z.number()),
      comment: z.optional(z.string()),
      at: z.string(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const grievanceSchema = z.extend(grievanceSummarySchema, { timeline: z.array(timelineEvent) });
/** GET /grievances: a page of the customer's own, newest first. */
export const grievanceListSchema = z.object({
  items: z.array(grievanceSummarySchema),
  nextCursor: z.nullable(z.string()),
});
export const staffQueueSchema = z.object({
  items: z.array(grievanceSummarySchema),
  nextCursor: z.nullable(z.string()),
});
