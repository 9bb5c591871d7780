import { config } from '../config';
import { normalizePhone } from '../domain/phone';
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

export const isoTimestamp = /* @__PURE__ */ z.defineSchema(() => z.iso.datetime());

export const problemSchema = /* @__PURE__ */ z.defineSchema(() =>
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
);
