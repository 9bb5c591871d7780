/**
 * The one typed configuration of every handler, parsed from the environment on
 * first use (at cold start) with the defaults of API.md. A bad value fails fast
 * with a message naming the variable.
 *
 * Deliberately not a zod schema: ~30 variables make ~130 zod instances, and
 * building them cost every function ~6 ms of its cold start (bench/) for what
 * a few typed readers do as well.
 */
import { DEFAULT_REPORT_TIME_ZONE } from './domain/grievance-stats';
import { SMS_KINDS, type SmsKind } from './domain/sms-catalogue';

type Env = Record<string, string | undefined>;
type Reader<T> = (raw: string | undefined) => T;

class ConfigProblem extends Error {}

const int =
  (def: number, min = 0): Reader<number> =>
  (raw) => {
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new ConfigProblem(`must be a whole number ≥ ${min}`);
    return n;
  };
const num =
  (def: number, above = 0, below = Number.POSITIVE_INFINITY): Reader<number> =>
  (raw) => {
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= above || n >= below)
      throw new ConfigProblem(
        below === Number.POSITIVE_INFINITY
          ? `must be a number > ${above}`
          : `must be a number > ${above} and < ${below}`,
      );
    return n;
  };
const list =
  (def: string): Reader<string[]> =>
  (raw) =>
    (raw ?? def)
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
const text =
  (def: string, pattern?: RegExp, expected?: string): Reader<string> =>
  (raw) => {
    const value = raw ?? def;
    if (pattern && !pattern.test(value)) throw new ConfigProblem(`must be ${expected}`);
    return value;
  };
const optional =
  (minLength = 0): Reader<string | undefined> =>
  (raw) => {
    if (raw !== undefined && raw.length < minLength)
      throw new ConfigProblem(`must be at least ${minLength} characters`);
    return raw;
  };
const required: Reader<string> = (raw) => {
  if (raw === undefined) throw new ConfigProblem('is required');
  return raw;
};
const oneOf =
  <const T extends string>(values: readonly T[], def: T): Reader<T> =>
  (raw) => {
    if (raw === undefined) return def;
    if (!(values as readonly string[]).includes(raw))
      throw new ConfigProblem(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
const slaHours: Reader<[number, number, number]> = (raw) => {
  const hours = list('48,24,12')(raw).map(Number);
  if (hours.length !== 3 || hours.some((h) => !Number.isFinite(h) || h <= 0))
    throw new ConfigProblem('expected three positive numbers');
  return hours as [number, number, number];
};

/** DLT template ids by catalogue kind: a JSON object naming every kind, each a 19-digit id. */
const dltTemplateIds: Reader<Record<SmsKind, string> | undefined> = (raw) => {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigProblem('must be a JSON object of SMS kind to DLT template id');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ConfigProblem('must be a JSON object of SMS kind to DLT template id');
  const ids = parsed as Record<string, unknown>;
  const unknown = Object.keys(ids).filter((k) => !(SMS_KINDS as readonly string[]).includes(k));
  const missing = SMS_KINDS.filter((k) => ids[k] === undefined);
  const malformed = SMS_KINDS.filter((k) => ids[k] !== undefined && !/^\d{19}$/.test(String(ids[k])));
  const problems = [
    ...(missing.length ? [`has no id for ${missing.join(', ')}`] : []),
    ...(unknown.length ? [`names unknown kinds ${unknown.join(', ')}`] : []),
    ...(malformed.length ? [`has ids that are not 19 digits for ${malformed.join(', ')}`] : []),
  ];
  if (problems.length) throw new ConfigProblem(problems.join(', '));
  return ids as Record<SmsKind, string>;
};

/** An IANA time zone this runtime knows (Intl), e.g. Asia/Kolkata. */
const timeZone =
  (def: string): Reader<string> =>
  (raw) => {
    const value = raw ?? def;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
    } catch {
      throw new ConfigProblem('must be an IANA time zone such as Asia/Kolkata');
    }
    return value;
  };

/** The stage a function runs in, when nothing sets it (the local host, tests). */
export const LOCAL_STAGE = 'local';

const READERS = {
  TABLE_NAME: required,
  DYNAMODB_ENDPOINT: optional(),
  DEFAULT_COUNTRY_CODE: text('91', /^[1-9]\d{0,2}$/, 'a country calling code such as 91'),
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
  OTP_HMAC_KEY: optional(16),
  OTP_HMAC_SECRET_ID: optional(),
  /** Key that signs page cursors (local/dev). In AWS it comes from Secrets Manager via CURSOR_SECRET_ID. */
  CURSOR_KEY: optional(16),
  CURSOR_SECRET_ID: optional(),
  /**
   * The Secrets Manager secret holding the value CloudFront sends in X-Origin-Verify (AWS only,
   * functions that count per client). Set: the viewer's address is trusted on requests carrying it.
   */
  ORIGIN_VERIFY_SECRET_ID: optional(),
  SLA_LEVEL_HOURS: slaHours,
  FEEDBACK_WINDOW_HOURS: num(168),
  SLA_REMINDER_FRACTION: num(0.75, 0, 1),
  IDEMPOTENCY_TTL_HOURS: num(24),
  /** Early scheduler deliveries closer than this to dueAt wait in the function; earlier ones re-arm. */
  ESCALATION_MAX_WAIT_SECONDS: int(60),
  /** The days of the SLA report (API.md): its counters are kept per day in this zone. */
  REPORT_TIME_ZONE: timeZone(DEFAULT_REPORT_TIME_ZONE),
  CORS_ALLOWED_ORIGINS: list('*'),
  SMS_SENDER_ID: text('REDRSS'),
  /**
   * Customer SMS (all but OTPs) a second that the queue's drainer sends, in all. Below the
   * account's SMS rate, leaving room for OTPs, which are sent at once and not through the queue.
   */
  SMS_MAX_PER_SECOND: num(10),
  /** The SQS queue of customer SMS (set by the stack for the functions that send them). */
  SMS_QUEUE_URL: optional(),
  /** How many drainer invocations may run at once (the event source's maxConcurrency; set by the stack). */
  SMS_DRAIN_CONCURRENCY: int(1, 1),
  SMS_DLT_ENTITY_ID: optional(),
  /**
   * The DLT template id of every SMS kind (JSON); the SMS adapter attaches the one of each message's
   * kind. Read here as text and parsed by smsDltTemplateIds() in the functions that send SMS, so the
   * others carry neither the parser nor the SMS catalogue.
   */
  SMS_DLT_TEMPLATE_IDS: optional(),
  /** The deployment stage (dev, prod): the `stage` dimension of every metric. Set by the stack. */
  STAGE: text(LOCAL_STAGE, /^[a-z][a-z0-9-]{0,19}$/, 'a lower-case stage name such as dev or prod'),
  LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error'], 'info'),
};

/** The name of every environment variable this configuration reads. */
export type ConfigKey = keyof typeof READERS;

export type Config = { [K in ConfigKey]: ReturnType<(typeof READERS)[K]> };

let cached: Config | undefined;

export function config(): Config {
  if (!cached) cached = parseConfig(process.env);
  return cached;
}

/** Reads every variable (empty counts as unset); throws one error naming every bad one. */
export function parseConfig(env: Env): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, read] of Object.entries(READERS)) {
    const raw = env[name] === '' ? undefined : env[name];
    try {
      out[name] = read(raw);
    } catch (error) {
      if (!(error instanceof ConfigProblem)) throw error;
      problems.push(`${name}: ${error.message}`);
    }
  }
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return out as Config;
}

/** SMS_DLT_TEMPLATE_IDS as parsed: throws naming the variable when it is malformed. */
export function parseSmsDltTemplateIds(raw: string | undefined): Record<SmsKind, string> | undefined {
  try {
    return dltTemplateIds(raw);
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error;
    throw new Error(`Invalid configuration: SMS_DLT_TEMPLATE_IDS: ${error.message}`);
  }
}

let dltIds: { ids: Record<SmsKind, string> | undefined } | undefined;

/** The DLT template id of every SMS kind, parsed once from SMS_DLT_TEMPLATE_IDS (the functions that send SMS). */
export function smsDltTemplateIds(): Record<SmsKind, string> | undefined {
  dltIds ??= { ids: parseSmsDltTemplateIds(config().SMS_DLT_TEMPLATE_IDS) };
  return dltIds.ids;
}

/** Test hook: forget the parsed configuration so the next call reads the environment again. */
export function resetConfig(): void {
  cached = undefined;
  dltIds = undefined;
}

/** Reads a variable an adapter cannot work without; fails fast naming it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}
