import {
  GRIEVANCE_ID_PATTERN,
  isValidImei,
  normalizeSerial,
  PURCHASE_ORDER_PATTERN,
  SERIAL_PATTERN,
  SERVICE_ORDER_ID_PATTERN,
} from '../domain/identifiers';
import {
  hashOtp,
  type IdentifierType,
  newOtpCode,
  type OtpLimits,
  type OtpRecipient,
  otpRateRules,
  randomToken,
} from '../domain/otp-policy';
import { normalizePhone } from '../domain/phone';
import { renderSms } from '../domain/sms-catalogue';
import { TooManyRequestsError, ValidationError } from '../errors';
import { logger } from '../logger';
import { metric } from '../metrics';
import type { Clock } from '../ports/clock';
import type { OtpRepository } from '../ports/otp';
import type { RateLimiter } from '../ports/rate-limits';
import type { ServiceOrderReader } from '../ports/service-orders';
import type { SmsSender } from '../ports/sms';

export interface RequestOtpDeps {
  rates: RateLimiter;
  otps: OtpRepository;
  orders: ServiceOrderReader;
  grievancePhone: (id: string) => Promise<string | undefined>;
  sms: SmsSender;
  clock: Clock;
  hmacKey: () => Promise<string>;
  settings: OtpLimits & {
    ttlSeconds: number;
    maxAttempts: number;
    lookupMinMs: number;
    defaultCountryCode: string;
    allowedCountryCodes: string[];
  };
  sleep?: (ms: number) => Promise<void>;
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

/**
 * Primary course:
 *  1. Read the identifier (400 when malformed).
 *  2. Count the request against the client's and the identifier's limits (429 over them).
 *  3. Find the mobile number(s) on record for the identifier (PHONE: the number itself).
 *  4. Skip numbers cooling down or over their hourly limit (PHONE: 429 instead).
 *  5. Store a challenge holding one keyed code hash per number — none when nothing matched.
 *  6. SMS each number its code; answer 202 in the same shape and, for lookups, no sooner than a fixed floor.
 */
export async function requestOtp(
  deps: RequestOtpDeps,
  input: { identifierType: IdentifierType; identifier: string; clientIp: string },
): Promise<RequestOtpResult> {
  const started = Date.now();
  const { settings, clock } = deps;
  const rules = otpRateRules(settings);
  const type = input.identifierType;
  const identifier = normalizeIdentifier(type, input.identifier, settings);
  const now = clock.now();

  const client = await deps.rates.hit('CLIENT', input.clientIp, rules.client, now);
  if (!client.allowed)
    throw new TooManyRequestsError(client.retryAfterSeconds, 'Too many code requests from this network.');
  const ident = await deps.rates.hit('IDENT', `${type}#${identifier}`, rules.identifier, now);
  if (!ident.allowed) {
    throw new TooManyRequestsError(
      ident.retryAfterSeconds,
      ident.reason === 'COOLDOWN'
        ? 'A code was just sent; wait before asking again.'
        : 'Too many code requests for this identifier.',
    );
  }

  const matches = await findRecipients(deps, type, identifier);
  const challengeId = randomToken(18);
  const key = await deps.hmacKey();
  const recipients: OtpRecipient[] = [];
  const outgoing: { to: string; code: string }[] = [];
  for (const [phone, serviceOrderIds] of matches) {
    const number = await deps.rates.hit('NUMBER', phone, rules.number, now);
    if (!number.allowed) {
      if (type === 'PHONE')
        throw new TooManyRequestsError(number.retryAfterSeconds, 'Too many codes sent to this number.');
      continue; // a lookup answers the same whether or not this number gets a code
    }
    const code = newOtpCode();
    recipients.push({ phone, codeHash: hashOtp(key, challengeId, phone, code), serviceOrderIds });
    outgoing.push({ to: phone, code });
  }

  const expiresAt = new Date(now.getTime() + settings.ttlSeconds * 1000).toISOString();
  await deps.otps.create({
    id: challengeId,
    identifierType: type,
    identifier,
    recipients,
    attempts: 0,
    maxAttempts: settings.maxAttempts,
    createdAt: now.toISOString(),
    expiresAt,
  });

  const minutes = Math.round(settings.ttlSeconds / 60);
  for (const { to, code } of outgoing) {
    try {
      await deps.sms.send({
        to,
        kind: 'OTP',
        body: renderSms('OTP', { code, minutes }).body,
      });
      metric('OtpSent');
    } catch (error) {
      metric('OtpFailed');
      logger.error('OTP SMS failed', { error });
      if (type === 'PHONE') throw error;
    }
  }

  if (type !== 'PHONE') {
    const wait = settings.lookupMinMs - (Date.now() - started);
    if (wait > 0) await (deps.sleep ?? delay)(wait);
  }
  return {
    challengeId,
    expiresAt,
    resendAfter: new Date(now.getTime() + settings.resendSeconds * 1000).toISOString(),
    message: type === 'PHONE' ? MESSAGE_PHONE : MESSAGE_LOOKUP,
  };
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
