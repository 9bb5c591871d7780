import type { OtpChallenge } from '../../lambdas/domain/otp-policy';
import { decideRate } from '../../lambdas/domain/rate-policy';
import type { ServiceOrder } from '../../lambdas/domain/service-order';
import { TooManyRequestsError, ValidationError } from '../../lambdas/errors';
import type { OtpRepository } from '../../lambdas/ports/otp';
import type { RateLimiter } from '../../lambdas/ports/rate-limits';
import type { ServiceOrderReader } from '../../lambdas/ports/service-orders';
import { type RequestOtpDeps, requestOtp } from '../../lambdas/use-cases/request-otp';
import { FixedClock } from '../support/clock';
import { RecordingSms } from '../support/fakes';

const NOW = new Date('2026-11-22T10:00:00.000Z');

function memoryRates(): RateLimiter {
  const logs = new Map<string, number[]>();
  return {
    async hit(scope, key, rule, now) {
      const decision = decideRate(logs.get(`${scope}#${key}`) ?? [], rule, now);
      if (decision.allowed) logs.set(`${scope}#${key}`, decision.hits);
      return decision;
    },
    async peek(scope, key, rule, now) {
      return decideRate(logs.get(`${scope}#${key}`) ?? [], rule, now);
    },
  };
}

const order = (id: string, phone: string): ServiceOrder => ({
  id,
  status: 'UNDER_INSPECTION',
  customer: { name: 'A', phone },
  device: { model: 'Phone 14', imei: '356938035643809' },
  issue: 'screen',
  serviceCentre: 'Blr',
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  timeline: [],
});

function setup(orders: ServiceOrder[] = []) {
  const challenges: OtpChallenge[] = [];
  const sms = new RecordingSms();
  const sleeps: number[] = [];
  const clock = new FixedClock(NOW);
  const otps: OtpRepository = {
    create: async (c) => {
      challenges.push(c);
    },
    get: async () => undefined,
    recordWrongAttempt: async () => true,
    markUsed: async () => true,
  };
  const reader: ServiceOrderReader = {
    get: async (id) => orders.find((o) => o.id === id),
    findBy: async (type, value) =>
      orders.filter((o) =>
        type === 'IMEI' ? o.device.imei === value : type === 'SERVICE_ORDER' && o.id === value,
      ),
    listByPhone: async (phone) => orders.filter((o) => o.customer.phone === phone),
  };
  const deps: RequestOtpDeps = {
    rates: memoryRates(),
    otps,
    orders: reader,
    grievancePhone: async () => undefined,
    sms,
    clock,
    hmacKey: async () => 'k'.repeat(32),
    settings: {
      ttlSeconds: 300,
      maxAttempts: 5,
      resendSeconds: 30,
      maxPerNumberPerHour: 5,
      maxPerIdentifierPerHour: 5,
      maxPerClientPerHour: 100,
      lookupMinMs: 10_000,
      defaultCountryCode: '91',
      allowedCountryCodes: ['91'],
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { deps, challenges, sent: sms.sent, sleeps, clock };
}

const IMEI = '356938035643809';

describe('requesting a one-time password', () => {
  it('sends a code to each number an IMEI is on record for, with one hash per number', async () => {
    const { deps, challenges, sent } = setup([order('SO1', '+919876543210'), order('SO2', '+919812345678')]);
    await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: '1.2.3.4' });
    expect(sent.map((m) => m.to).sort()).toEqual(['+919812345678', '+919876543210']);
    expect(challenges[0]?.recipients.map((r) => r.serviceOrderIds)).toEqual([['SO1'], ['SO2']]);
    expect(JSON.stringify(challenges)).not.toMatch(/\b\d{6}\b(?!\d)/);
  });

  it('answers an unknown IMEI in the same shape, storing a challenge no code can pass and sending nothing', async () => {
    const known = setup([order('SO1', '+919876543210')]);
    const unknown = setup([]);
    const a = await requestOtp(known.deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    const b = await requestOtp(unknown.deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(b.message).toBe(a.message);
    expect(unknown.sent).toHaveLength(0);
    expect(unknown.challenges[0]?.recipients).toEqual([]);
  });

  it('holds a lookup answer until the configured floor whether or not it matched', async () => {
    const known = setup([order('SO1', '+919876543210')]);
    const unknown = setup([]);
    await requestOtp(known.deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    await requestOtp(unknown.deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    expect(known.sleeps).toHaveLength(1);
    expect(unknown.sleeps).toHaveLength(1);
    expect(known.sleeps[0]).toBeGreaterThan(9_000);
    expect(unknown.sleeps[0]).toBeGreaterThan(9_000);
  });

  it('does not hold a PHONE answer', async () => {
    const { deps, sleeps } = setup();
    await requestOtp(deps, { identifierType: 'PHONE', identifier: '9876543210', clientIp: 'x' });
    expect(sleeps).toEqual([]);
  });

  it('stays silent for a matched number still cooling down from another identifier', async () => {
    const { deps, sent, clock } = setup([order('SO2345ABCD', '+919876543210')]);
    await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    clock.advance(5);
    const second = await requestOtp(deps, {
      identifierType: 'SERVICE_ORDER',
      identifier: 'SO2345ABCD',
      clientIp: 'x',
    });
    expect(second.challengeId).toBeDefined();
    expect(sent).toHaveLength(1);
  });

  it('refuses a PHONE request for a number cooling down, with Retry-After', async () => {
    const { deps, clock } = setup([order('SO1', '+919876543210')]);
    await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    clock.advance(10);
    const error = await requestOtp(deps, {
      identifierType: 'PHONE',
      identifier: '+919876543210',
      clientIp: 'x',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).headers['Retry-After']).toBe('20');
  });

  it('limits requests naming one identifier to five an hour, found or not', async () => {
    const { deps, clock } = setup([]);
    for (let i = 0; i < 5; i++) {
      await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
      clock.advance(31);
    }
    await expect(
      requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' }),
    ).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('limits one client address to its hourly allowance', async () => {
    const { deps } = setup([]);
    deps.settings.maxPerClientPerHour = 2;
    await requestOtp(deps, { identifierType: 'PHONE', identifier: '9876543210', clientIp: 'nat' });
    await requestOtp(deps, { identifierType: 'PHONE', identifier: '9876543211', clientIp: 'nat' });
    await expect(
      requestOtp(deps, { identifierType: 'PHONE', identifier: '9876543212', clientIp: 'nat' }),
    ).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('refuses a landline or a foreign number, naming the identifier', async () => {
    const { deps } = setup();
    for (const identifier of ['2212345678', '+14155550123']) {
      const error = await requestOtp(deps, { identifierType: 'PHONE', identifier, clientIp: 'x' }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors[0]?.path).toBe('identifier');
    }
  });
});
