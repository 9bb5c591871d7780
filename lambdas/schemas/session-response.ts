import { STAFF_GROUPS } from '../domain/staff';
import { isoTimestamp } from './common';
import * as z from './z';

/** Response shapes of the session and staff-profile routes, for the OpenAPI document only. */

/** GET /session: the token's phone and when the token expires. */
export const currentSessionResponse = z.object({ phone: z.string(), expiresAt: isoTimestamp });

/** GET /staff/me: the caller, their groups, and the highest grievance level they work (null: none). */
export const staffProfileResponse = z.object({
  sub: z.string(),
  groups: z.array(z.enum(STAFF_GROUPS)),
  level: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(3))),
});
