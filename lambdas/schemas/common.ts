import { config } from '../config';
import { normalizePhone } from '../domain/phone';
import type { PhoneReader } from '../domain/search';
import { PROBLEM_CODES } from '../errors';
import * as z from './z';

/** A mobile number of an allowed country, E.164 or national; parsed to E.164. */
export const phoneSchema = /* @__PURE__ */ z.defineSchema(() =>
  z.pipe(
    z.string().check(z.maxLength(20)),
    z.transform((value: string, ctx) => {
      const c = config();
      const result = normalizePhone(value, c.DEFAULT_COUNTRY_CODE, c.ALLOWED_COUNTRY_CODES);
      if (result.ok) return result.e164;
      ctx.issues.push({ code: 'custom', message: result.message, input: value });
      return z.NEVER;
    }),
  ),
);

/** A timestamp the API returns: ISO 8601 in UTC with a `Z`. */
export const isoTimestamp = /* @__PURE__ */ z.defineSchema(() => z.iso.datetime());

/**
 * A timestamp the API accepts: RFC 3339 with `Z` or any offset
 * (`2026-11-28T10:00:00+05:30`), read as the same instant in UTC with a `Z`.
 */
export const timestampInput = /* @__PURE__ */ z.defineSchema(() =>
  z.iso
    .datetime({ offset: true })
    // Checks run on after a failed one: leave a value that is no instant to the format's own issue.
    .check(
      z.overwrite((value: string) => {
        const at = Date.parse(value);
        return Number.isNaN(at) ? value : new Date(at).toISOString();
      }),
    ),
);

/** RFC 9457 problem details as API.md fixes them: `code` from its table, `instance` the request path. */
export const problemSchema = /* @__PURE__ */ z.defineSchema(() =>
  z.object({
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
  }),
);

/** `limit` and `cursor` of every paged list (the cursor is opaque: checked by its signature, not here). */
export const pageFields = /* @__PURE__ */ z.defineSchema(() => ({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(4000))),
}));

/** A phone number as the configuration reads them (E.164), or undefined when it is none. */
const readPhone: PhoneReader = (input) => {
  const c = config();
  const result = normalizePhone(input, c.DEFAULT_COUNTRY_CODE, c.ALLOWED_COUNTRY_CODES);
  return result.ok ? result.e164 : undefined;
};

/**
 * A staff search term (`q`, 1–100 characters), read as the look-ups it names by
 * `classify` (lambdas/domain/search.ts); a term that names nothing searchable is
 * a 400 saying what `q` may be.
 */
export const searchTerm = <M>(classify: (q: string, readPhone: PhoneReader) => M[], expected: string) =>
  z.pipe(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    z.transform((q: string, ctx) => {
      const matches = classify(q, readPhone);
      if (matches.length) return matches;
      ctx.issues.push({ code: 'custom', message: `must be ${expected}`, input: q });
      return z.NEVER;
    }),
  );
