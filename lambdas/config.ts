import * as z from './schemas/z';

/**
 * The one typed configuration of every handler, parsed from the environment on
 * first use (at cold start) with the defaults of API.md. A bad value fails fast
 * with a message naming the variable.
 */
const int = (def: number, min = 0) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min)), def) as unknown as z.ZodMiniType<number>;
const num = (def: number, min = 0) =>
  z._default(z.coerce.number().check(z.gt(min)), def) as unknown as z.ZodMiniType<number>;
const list = (def: string) =>
  z.pipe(
    z._default(z.string(), def),
    z.transform((s: string) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  );

export const configSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  DYNAMODB_ENDPOINT: z.optional(z.string()),
  DEFAULT_COUNTRY_CODE: z._default(z.string().check(z.regex(/^[1-9]\d{0,2}$/)), '91'),
  ALLOWED_COUNTRY_CODES: list('91'),
  OTP_TTL_SECONDS: int(300, 30),
  OTP_RESEND_SECONDS: int(30),
  OTP_MAX_PER_NUMBER_PER_HOUR: int(5, 1),
  OTP_MAX_PER_IDENTIFIER_PER_HOUR: int(5, 1),
  OTP_MAX_PER_CLIENT_PER_HOUR: int(100, 1),
  OTP_MAX_ATTEMPTS: int(5, 1),
  /** Minimum answer time of POST /otp for non-PHONE identifiers, so timing does not reveal a match. */
  OTP_LOOKUP_MIN_MS: int(250),
  ACCESS_TOKEN_TTL_SECONDS: int(900, 60),
  /** HMAC key for OTP hashes (local/dev). In AWS the key comes from Secrets Manager via OTP_HMAC_SECRET_ID. */
  OTP_HMAC_KEY: z.optional(z.string().check(z.minLength(16))),
  OTP_HMAC_SECRET_ID: z.optional(z.string()),
  SLA_LEVEL_HOURS: z.pipe(
    list('48,24,12'),
    z.transform((parts: string[], ctx) => {
      const hours = parts.map(Number);
      if (hours.length !== 3 || hours.some((h) => !Number.isFinite(h) || h <= 0)) {
        ctx.issues.push({ code: 'custom', message: 'expected three positive numbers', input: parts });
      }
      return hours as [number, number, number];
    }),
  ),
  FEEDBACK_WINDOW_HOURS: num(168),
  SLA_REMINDER_FRACTION: z._default(
    z.coerce.number().check(z.gt(0), z.lt(1)),
    0.75,
  ) as unknown as z.ZodMiniType<number>,
  IDEMPOTENCY_TTL_HOURS: num(24),
  /** Early scheduler deliveries closer than this to dueAt wait in the function; earlier ones re-arm. */
  ESCALATION_MAX_WAIT_SECONDS: int(60),
  CORS_ALLOWED_ORIGINS: list('*'),
  SMS_SENDER_ID: z._default(z.string(), 'REDRSS'),
  SMS_DLT_ENTITY_ID: z.optional(z.string()),
  SMS_DLT_TEMPLATE_ID: z.optional(z.string()),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
});

export type Config = z.infer<typeof configSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) cached = parseConfig(process.env);
  return cached;
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(clean);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
}

/** Test hook: forget the parsed configuration so the next call reads the environment again. */
export function resetConfig(): void {
  cached = undefined;
}

/** Reads a variable an adapter cannot work without; fails fast naming it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}
