import { CHANNELS, GRIEVANCE_CATEGORIES } from '../domain/grievance';
import { MAX_REPORT_DAYS } from '../domain/grievance-stats';
import { GRIEVANCE_ID_PATTERN, isValidImei, SERIAL_PATTERN, STAFF_ID_PATTERN } from '../domain/identifiers';
import { grievanceMatches } from '../domain/search';
import { pageFields, phoneSchema, searchTerm } from './common';
import { freeText, singleLineText } from './text';
import * as z from './z';

const device = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    model: z.optional(singleLineText(1, 100)),
    imei: z.optional(
      z.string().check(z.refine(isValidImei, 'must be a 15-digit IMEI with a valid check digit')),
    ),
    serialNumber: z.optional(z.string().check(z.regex(SERIAL_PATTERN, 'must be 6–30 letters or digits'))),
  }),
);

const customerFields = /* @__PURE__ */ z.defineSchema(() => ({
  name: singleLineText(1, 100),
  email: z.optional(z.email().check(z.maxLength(254))),
  category: z.enum(GRIEVANCE_CATEGORIES),
  description: freeText(10, 2000),
  device: z.optional(device),
  serviceOrderId: z.optional(singleLineText(1, 40)),
  channel: z.enum(CHANNELS),
}));

/** POST /grievances: the phone is the token's. */
export const customerGrievanceBody = /* @__PURE__ */ z.defineSchema(() => z.strictObject(customerFields));
export type CustomerGrievanceBody = z.infer<typeof customerGrievanceBody>;

/** POST /staff/grievances: a walk-in customer's grievance, filed by staff with the customer's phone. */
export const staffGrievanceBody = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({ ...customerFields, phone: phoneSchema }),
);
export type StaffGrievanceBody = z.infer<typeof staffGrievanceBody>;

export const feedbackBody = /* @__PURE__ */ z.defineSchema(() =>
  z
    .strictObject({
      satisfied: z.boolean(),
      rating: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
      comment: z.optional(freeText(1, 2000)),
    })
    .check(
      z.refine((v) => v.satisfied || Boolean(v.comment), {
        message: 'is required when not satisfied',
        path: ['comment'],
      }),
    ),
);
export type FeedbackBody = z.infer<typeof feedbackBody>;

export const staffResponseBody = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    message: freeText(1, 2000),
    resolve: z.optional(z.boolean()),
    internal: z.optional(z.boolean()),
  }),
);
export type StaffResponseBody = z.infer<typeof staffResponseBody>;

/** POST /staff/grievances/{id}/claim. */
export const claimBody = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({ takeOver: z.optional(z.boolean()) }),
);
export type ClaimBody = z.infer<typeof claimBody>;

export const grievancePath = /* @__PURE__ */ z.defineSchema(() =>
  z.object({
    id: z.string().check(z.regex(GRIEVANCE_ID_PATTERN, 'is not a grievance id')),
  }),
);

/**
 * GET /staff/grievances. `status` is OPEN unless given — except with `q`, where
 * only the filters given apply (a search by phone should find closed ones too).
 */
export const staffQueueQuery = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    level: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(3))),
    status: z.optional(z.enum(['OPEN', 'RESOLVED', 'CLOSED'])),
    // `true` or `false`, documented as that enum (a stringbool would be a bare string in OpenAPI).
    breached: z.optional(
      z.pipe(
        z.enum(['true', 'false']),
        z.transform((v: 'true' | 'false') => v === 'true'),
      ),
    ),
    q: z.optional(searchTerm(grievanceMatches, 'a grievance id, a mobile number or a service order id')),
    /** `me` (the caller's claims), `none` (unclaimed) or a staff id. */
    assignee: z.optional(z.string().check(z.regex(STAFF_ID_PATTERN, 'must be me, none or a staff id'))),
    ...pageFields,
  }),
);
export type StaffQueueQuery = z.infer<typeof staffQueueQuery>;

/** GET /grievances: the customer's own, a page at a time. */
export const customerGrievanceListQuery = /* @__PURE__ */ z.defineSchema(() => z.strictObject(pageFields));

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (v: string) => DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
const dayNumber = (v: string) => Date.parse(`${v}T00:00:00Z`) / 86_400_000;

// The longest range a report covers (both ends included): a domain constant, so the console reads it too.
export { MAX_REPORT_DAYS };

/** GET /staff/reports/sla: calendar dates in REPORT_TIME_ZONE, from ≤ to, at most 366 days. */
export const slaReportQuery = /* @__PURE__ */ z.defineSchema(() =>
  z
    .strictObject({
      from: z.string().check(z.refine(realDate, 'must be a date YYYY-MM-DD')),
      to: z.string().check(z.refine(realDate, 'must be a date YYYY-MM-DD')),
    })
    .check(
      z.refine((v) => !realDate(v.from) || !realDate(v.to) || dayNumber(v.to) >= dayNumber(v.from), {
        message: 'must not be before from',
        path: ['to'],
      }),
      z.refine(
        (v) =>
          !realDate(v.from) || !realDate(v.to) || dayNumber(v.to) - dayNumber(v.from) + 1 <= MAX_REPORT_DAYS,
        { message: `must be at most ${MAX_REPORT_DAYS} days after from, both included`, path: ['to'] },
      ),
    ),
);
export type SlaReportQuery = z.infer<typeof slaReportQuery>;
