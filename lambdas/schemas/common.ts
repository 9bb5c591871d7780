import { config } from '../config';
import { normalizePhone } from '../domain/phone';
import { PROBLEM_CODES } from '../errors';
import * as z from './z';

/** A mobile number of an allowed country, E.164 or national; parsed to E.164. */
export const phoneSchema = z.pipe(
  z.string().check(z.maxLength(20)),
  z.transform((value: string, ctx) => {
    const c = config();
    const result = normalizePhone(value, c.DEFAULT_COUNTRY_CODE, c.ALLOWED_COUNTRY_CODES);
    if (result.ok) return result.e164;
    ctx.issues.push({ code: 'custom', message: result.message, input: value });
    return z.NEVER;
  }),
);

/** A timestamp the API returns: ISO 8601 in UTC with a `Z`. */
export const isoTimestamp = z.iso.datetime();

/**
 * A timestamp the API accepts: RFC 3339 with `Z` or any offset
 * (`2026-11-28T10:00:00+05:30`), read as the same instant in UTC with a `Z`.
 */
export const timestampInput = z.iso
  .datetime({ offset: true })
  // Checks run on after a failed one: leave a value that is no instant to the format's own issue.
  .check(
    z.overwrite((value: string) => {
      const at = Date.parse(value);
      return Number.isNaN(at) ? value : new Date(at).toISOString();
    }),
  );

/** RFC 9457 problem details as API.md fixes them: `code` from its table, `instance` the request path. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  instance: z.string(),
  code: z.enum(PROBLEM_CODES),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  attemptsRemaining: z.optional(z.number()),
  retryAfterSeconds: z.optional(z.number()),
  currentStatus: z.optional(z.string()),
  allowedStatuses: z.optional(z.array(z.string())),
});
