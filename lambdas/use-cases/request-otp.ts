import {
  GRIEVANCE_ID_PATTERN,
  isValidImei,
  normalizeSerial,
  PURCHASE_ORDER_PATTERN,
  SERIAL_PATTERN,
  SERVICE_ORDER_ID_PATTERN,
} from '../domain/identifiers';
import {
  HOUR,
  hashOtp,
  type IdentifierType,
  newOtpCode,
  type OtpLimits,
  type OtpRecipient,
  otpRateRules,
  randomToken,
} from '../domain/otp-policy';
import { normalizePhone } from '../domain/phone';
import { contentionBackoffMs, decideRate, type RateRule } from '../domain/rate-policy';
import { renderSms } from '../domain/sms-catalogue';
import { SmsNotSentError, TooManyRequestsError, ValidationError } from '../errors';
import { logger } from '../logger';
import { metric } from '../metrics';
import type { Clock } from '../ports/clock';
import type { OtpRepository } from '../ports/otp';
import type { RateKey, RateLog, RateLogReader, RateLogWrite } from '../ports/rate-limits';
import type { ServiceOrderReader } from '../ports/service-orders';
import { type SmsSender, SmsThrottledError, SmsUndeliverableError } from '../ports/sms';

export interface RequestOtpDeps {
  rates: RateLogReader;
  otps: OtpRepository;
  orders: ServiceOrderReader;
  grievancePhone: (id: string) => Promise<string | undefined>;
  /** Sends a `PHONE` request's code, which the answer waits for. */
  sms: SmsSender;
  /** Sends a lookup's code, handed off inside the lookup's answer floor (default: `sms`). */
  lookupSms?: SmsSender;
  clock: Clock;
  hmacKey: () => Promise<string>;
  settings: OtpLimits & {
    ttlSeconds: number;
    maxAttempts: number;
    /** The least time a lookup (any type but PHONE) takes to answer, matched or not. */
    lookupMinMs: number;
    /**
     * How long an SMS hand-off may take (the SMS provider's budget). A lookup's
     * answer waits for max(lookupMinMs, this), never for the send itself, so a
     * slow provider cannot make a match slower than a miss.
     */
    lookupSmsBudgetMs?: number;
    defaultCountryCode: string;
    allowedCountryCodes: string[];
  };
  /** Waits (the lookup floor, the backoff between contended writes); a timer by default. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) for the backoff's jitter; Math.random by default. */
  random?: () => number;
}

export interface RequestOtpResult {
  challengeId: string;
  expiresAt: string;
  resendAfter: string;
  message: string;
}

const MESSAGE_PHONE = 'A one-time password has been sent by SMS.';
const MESSAGE_LOOKUP =
  'If these details match our records, a one-time password has been sent to the registered mobile number.';

/** Reads an identifier of the given type into its canonical form, or throws a 400 naming `identifier`. */
export function normalizeIdentifier(
  type: IdentifierType,
  raw: string,
  settings: RequestOtpDeps['settings'],
): string {
  const value = raw.trim();
  const fail = (message: string): never => {
    throw new ValidationError([{ path: 'identifier', message }]);
  };
  switch (type) {
    case 'PHONE': {
      const r = normalizePhone(value, settings.defaultCountryCode, settings.allowedCountryCodes);
      return r.ok ? r.e164 : fail(r.message);
    }
    case 'IMEI': {
      const digits = value.replace(/[\s-]/g, '');
      return isValidImei(digits) ? digits : fail('must be a 15-digit IMEI with a valid check digit');
    }
    case 'SERIAL':
      return SERIAL_PATTERN.test(value) ? normalizeSerial(value) : fail('must be 6–30 letters or digits');
    case 'SERVICE_ORDER':
      return SERVICE_ORDER_ID_PATTERN.test(value.toUpperCase())
        ? value.toUpperCase()
        : fail('is not a service order id');
    case 'GRIEVANCE':
      return GRIEVANCE_ID_PATTERN.test(value.toUpperCase())
        ? value.toUpperCase()
        : fail('is not a grievance id');
    case 'PURCHASE_ORDER':
      return PURCHASE_ORDER_PATTERN.test(value) ? value : fail('is not a purchase order number');
  }
}

/** The rate logs this request is counted in or checked against. */
const CLIENT = (ip: string): RateKey => ({ scope: 'CLIENT', key: ip });
const IDENT = (type: IdentifierType, value: string): RateKey => ({ scope: 'IDENT', key: `${type}#${value}` });
/** Codes sent to a number by lookups (other identifiers); PHONE requests keep their own log, IDENT PHONE#… */
const NUMBER = (phone: string): RateKey => ({ scope: 'NUMBER', key: phone });
const id = (k: RateKey) => `${k.scope}#${k.key}`;

/** Writes that lose a race are re-read and retried this often, with jittered backoff, before a 429. */
const MAX_ATTEMPTS = 8;
/** The wait a 429 for persistent contention asks for: a burst of parallel requests is over by then. */
const CONTENTION_RETRY_SECONDS = 2;

interface Guard {
  key: RateKey;
  rule: RateRule;
  /** The 429's detail, by what refused. */
  detail: (reason: 'COOLDOWN' | 'LIMIT') => string;
}

/**
 * Primary course:
 *  1. Read the identifier (400 when malformed).
 *  2. Together: read the client's and the identifier's rate logs (one batch read) and find
 *     the mobile number(s) on record for the identifier (PHONE: the number itself).
 *  3. Over the client's or the identifier's limits: 429, Retry-After the longest wait of those that refused.
 *  4. Lookups: read the matched numbers' logs (one batch read); skip numbers cooling down or over
 *     their hourly limit — silently, the answer is the same.
 *  5. Store the challenge (one keyed code hash per number, none when nothing matched) and every
 *     log's new hit in one transaction, each log only if unchanged since read (a lookup's numbers'
 *     PHONE logs too, written back as read); a lost race is re-read and retried with jitter, and
 *     answered 429 when it persists.
 *  6. SMS each number its code. PHONE answers once the SMS was sent (a failure is reported); a lookup
 *     hands its SMS off and answers at a fixed floor from its start, whether or not it matched.
 */
export async function requestOtp(
  deps: RequestOtpDeps,
  input: { identifierType: IdentifierType; identifier: string; clientIp: string },
): Promise<RequestOtpResult> {
  const started = Date.now();
  const type = input.identifierType;
  const identifier = normalizeIdentifier(type, input.identifier, deps.settings);
  if (type === 'PHONE') return issue(deps, type, identifier, input.clientIp);
  try {
    return await issue(deps, type, identifier, input.clientIp);
  } finally {
    // Also a 429's: its timing must not tell a match either.
    const floor = Math.max(deps.settings.lookupMinMs, deps.settings.lookupSmsBudgetMs ?? 0);
    const wait = floor - (Date.now() - started);
    if (wait > 0) await (deps.sleep ?? delay)(wait);
  }
}

async function issue(
  deps: RequestOtpDeps,
  type: IdentifierType,
  identifier: string,
  clientIp: string,
): Promise<RequestOtpResult> {
  const { settings, clock } = deps;
  const rules = otpRateRules(settings);
  const now = clock.now();
  const identKey = IDENT(type, identifier);
  const guards: Guard[] = [
    { key: CLIENT(clientIp), rule: rules.client, detail: () => 'Too many code requests from this network.' },
    {
      key: identKey,
      rule: rules.identifier,
      detail: (reason) =>
        reason === 'COOLDOWN'
          ? 'A code was just sent; wait before asking again.'
          : 'Too many code requests for this identifier.',
    },
  ];
  // PHONE: the number's own hourly limit refuses too — counted over PHONE requests only, so that
  // codes sent by lookups never show in a PHONE answer (SECURITY.md, "Linking an identifier to a number").
  if (type === 'PHONE')
    guards.push({
      key: identKey,
      rule: rules.number,
      detail: (reason) =>
        reason === 'COOLDOWN'
          ? 'A code was just sent; wait before asking again.'
          : 'Too many codes sent to this number.',
    });
  const guardKeys = [...new Map(guards.map((g) => [id(g.key), g.key])).values()];

  const [guardLogs, matches, key] = await Promise.all([
    deps.rates.read(guardKeys),
    findRecipients(deps, type, identifier),
    deps.hmacKey(),
  ]);
  const logs = new Map<string, RateLog>(guardLogs.map((l) => [id(l), l]));
  const log = (k: RateKey): RateLog => logs.get(id(k)) ?? { ...k, hits: [], version: 0 };
  const phones = [...matches.keys()];
  // A lookup checks a number against every code it was sent: by lookups (NUMBER) and by PHONE requests.
  const numberKeys = type === 'PHONE' ? [] : phones.flatMap((p) => [NUMBER(p), IDENT('PHONE', p)]);

  const challengeId = randomToken(18);
  const codes = new Map(phones.map((p) => [p, newOtpCode()]));
  const expiresAt = new Date(now.getTime() + settings.ttlSeconds * 1000).toISOString();
  // Every OTP limit's window is an hour: a log keeps the hits still in it, plus this one.
  const withHit = (l: RateLog): RateLogWrite => ({
    ...l,
    hits: [...l.hits.filter((h) => h > now.getTime() - HOUR * 1000), now.getTime()].sort((a, b) => a - b),
    expiresAt: new Date(now.getTime() + HOUR * 1000),
  });
  /** A log as read, to be written back as it is: only its version moves. */
  const unchanged = (l: RateLog): RateLogWrite => ({
    ...l,
    expiresAt: new Date((l.hits.at(-1) ?? now.getTime()) + HOUR * 1000),
  });
  const random = deps.random ?? Math.random;

  let sending: string[] | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && !sending; attempt++) {
    if (attempt > 0) {
      await (deps.sleep ?? delay)(contentionBackoffMs(attempt, random()));
      for (const l of await deps.rates.read([...guardKeys, ...numberKeys])) logs.set(id(l), l);
    }

    const refusals = guards.flatMap((g) => {
      const d = decideRate(log(g.key).hits, g.rule, now);
      return d.allowed ? [] : [{ wait: d.retryAfterSeconds, detail: g.detail(d.reason) }];
    });
    if (refusals.length > 0) {
      const longest = refusals.reduce((a, b) => (b.wait > a.wait ? b : a));
      throw new TooManyRequestsError(longest.wait, longest.detail);
    }
    if (attempt === 0 && numberKeys.length > 0)
      for (const l of await deps.rates.read(numberKeys)) logs.set(id(l), l);

    const writes: RateLogWrite[] = guardKeys.map((k) => withHit(log(k)));
    const willSend =
      type === 'PHONE'
        ? phones
        : // On the last attempt a lookup sends nothing rather than risk a 429 that only a match could cause.
          phones.filter((p) => attempt < MAX_ATTEMPTS - 1 && numberAllows(p));
    if (type !== 'PHONE') {
      writes.push(...willSend.map((p) => withHit(log(NUMBER(p)))));
      // The number's PHONE log was only read (numberAllows): it is written back unchanged, so a
      // PHONE request that sent it a code since makes this write lose the race and look again.
      writes.push(...willSend.map((p) => unchanged(log(IDENT('PHONE', p)))));
    }
    const recipients: OtpRecipient[] = willSend.map((phone) => ({
      phone,
      codeHash: hashOtp(key, challengeId, phone, codes.get(phone) as string),
      serviceOrderIds: matches.get(phone) ?? [],
    }));
    const outcome = await deps.otps.create(
      {
        id: challengeId,
        identifierType: type,
        identifier,
        recipients,
        attempts: 0,
        maxAttempts: settings.maxAttempts,
        createdAt: now.toISOString(),
        expiresAt,
      },
      writes,
    );
    if (outcome === 'CREATED') sending = willSend;
  }
  if (!sending) {
    logger.warn('OTP rate logs contended on every attempt', { attempts: MAX_ATTEMPTS });
    throw new TooManyRequestsError(CONTENTION_RETRY_SECONDS, 'Too many requests at once; try again.');
  }

  const minutes = Math.round(settings.ttlSeconds / 60);
  const sender = type === 'PHONE' ? deps.sms : (deps.lookupSms ?? deps.sms);
  const send = (to: string) =>
    sender.send({
      to,
      kind: 'OTP',
      body: renderSms('OTP', { code: codes.get(to) ?? '', minutes }).body,
    });
  if (type === 'PHONE') {
    for (const to of sending) {
      try {
        await send(to);
        metric('OtpSent');
      } catch (error) {
        metric('OtpFailed');
        logger.error('OTP SMS failed', { error });
        // The number's limits counted this request: the customer may ask again once its cooldown ends.
        if (error instanceof SmsThrottledError)
          throw new SmsNotSentError(
            settings.resendSeconds,
            'We could not send the text message just now. Please try again shortly.',
          );
        if (error instanceof SmsUndeliverableError)
          throw new SmsNotSentError(
            settings.resendSeconds,
            'We could not send a text message to this number. Check the number, or contact us another way.',
          );
        throw error;
      }
    }
  } else {
    // Handed off, not awaited: the answer waits for the floor only (see requestOtp), so the
    // provider's latency cannot tell a match. A failure is logged, as a lookup never reports it.
    for (const to of sending)
      void send(to).then(
        () => metric('OtpSent'),
        (error: unknown) => {
          metric('OtpFailed');
          logger.error('OTP SMS failed', { error });
        },
      );
  }

  return {
    challengeId,
    expiresAt,
    resendAfter: new Date(now.getTime() + settings.resendSeconds * 1000).toISOString(),
    message: type === 'PHONE' ? MESSAGE_PHONE : MESSAGE_LOOKUP,
  };

  /** Whether a lookup may send to `phone`: the number's limit over every code it was sent. */
  function numberAllows(phone: string): boolean {
    const sent = [...log(NUMBER(phone)).hits, ...log(IDENT('PHONE', phone)).hits];
    return decideRate(sent, rules.number, now).allowed;
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The numbers an identifier leads to, each with the service orders that matched for it. */
async function findRecipients(deps: RequestOtpDeps, type: IdentifierType, identifier: string) {
  const byPhone = new Map<string, string[]>();
  const allowed = (phone: string) =>
    normalizePhone(phone, deps.settings.defaultCountryCode, deps.settings.allowedCountryCodes).ok;
  if (type === 'PHONE') {
    byPhone.set(identifier, []);
  } else if (type === 'GRIEVANCE') {
    const phone = await deps.grievancePhone(identifier);
    if (phone && allowed(phone)) byPhone.set(phone, []);
  } else {
    for (const order of await deps.orders.findBy(type, identifier)) {
      const phone = order.customer.phone;
      if (!allowed(phone)) continue;
      byPhone.set(phone, [...(byPhone.get(phone) ?? []), order.id]);
    }
  }
  return byPhone;
}
