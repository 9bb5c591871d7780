import { STAFF_GROUPS } from '../domain/staff';
import { isoTimestamp } from './common';
import { grievanceSummarySchema } from './grievance-response';
import { serviceOrderResponse } from './service-order';
import * as z from './z';

/** Response shapes of the session and staff-profile routes, for the OpenAPI document only. */

/** GET /session: the token's phone and when the token expires. */
/** POST /otp/verify: the customer's token, and what the identifier matched. */
export const sessionResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresAt: isoTimestamp,
  phone: z.string(),
  serviceOrders: z.array(serviceOrderResponse),
  grievances: z.array(grievanceSummarySchema),
});

/** GET /health. */
export const healthResponse = z.object({ status: z.literal('ok') });

export const currentSessionResponse = z.object({ phone: z.string(), expiresAt: isoTimestamp });

/** GET /staff/me: the caller, their groups, and the highest grievance level they work (null: none). */
export const staffProfileResponse = z.object({
  sub: z.string(),
  groups: z.array(z.enum(STAFF_GROUPS)),
  level: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(3))),
});
