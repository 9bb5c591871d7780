import type { OtpChallenge } from '../../lambdas/domain/otp-policy';
import type { ServiceOrder } from '../../lambdas/domain/service-order';
import { SmsNotSentError, TooManyRequestsError, ValidationError } from '../../lambdas/errors';
import type { CreateOutcome, OtpRepository } from '../../lambdas/ports/otp';
import type { RateLogReader } from '../../lambdas/ports/rate-limits';
import type { ServiceOrderReader } from '../../lambdas/ports/service-orders';
import type { SmsSender } from '../../lambdas/ports/sms';
import { SmsThrottledError, SmsUndeliverableError } from '../../lambdas/ports/sms';
import { type RequestOtpDeps, requestOtp } from '../../lambdas/use-cases/request-otp';
import { FixedClock } from '../support/clock';
import { FailingSms, RecordingSms } from '../support/fakes';

const NOW = new Date('2026-11-22T10:00:00.000Z');

/**
 * Rate logs and challenges in memory, with the table's rule: a challenge is stored
 * with its logs' new hits only if every log is still at the version it was read at.
 * `contend(n)` makes the next n writes lose a race, as a concurrent request would.
 */
function memoryStore(challenges: OtpChallenge[]) {
  const logs = new Map<string, { hits: number[]; version: number }>();
  let lose = 0;
  const reads: string[][] = [];
  const rates: RateLogReader = {
    read: async (keys) => {
      reads.push(keys.map((k) => `${k.scope}#${k.key}`));
      return keys.map((k) => ({ ...k, ...(logs.get(`${k.scope}#${k.key}`) ?? { hits: [], version: 0 }) }));
    },
  };
  const otps: OtpRepository = {
    create: async (challenge, writes = []): Promise<CreateOutcome> => {
      const stale = writes.some((w) => (logs.get(`${w.scope}#${w.key}`)?.version ?? 0) !== w.version);
      if (lose > 0 || stale) {
        lose = Math.max(0, lose - 1);
        return 'CONTENDED';
      }
      for (const w of writes) logs.set(`${w.scope}#${w.key}`, { hits: w.hits, version: w.version + 1 });
      challenges.push(challenge);
      return 'CREATED';
    },
    get: async () => undefined,
    recordWrongAttempt: async () => true,
    redeem: async () => true,
  };
  const contend = (n: number) => {
    lose = n;
  };
  return { rates, otps, reads, contend };
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

function setup(orders: ServiceOrder[] = [], sms: SmsSender = new RecordingSms()) {
  const challenges: OtpChallenge[] = [];
  const store = memoryStore(challenges);
  const sleeps: number[] = [];
  const clock = new FixedClock(NOW);
  const reader: ServiceOrderReader = {
    get: async (id) => orders.find((o) => o.id === id),
    findBy: async (type, value) =>
      orders.filter((o) =>
        type === 'IMEI' ? o.device.imei === value : type === 'SERVICE_ORDER' && o.id === value,
      ),
    listByPhone: async (phone) => orders.filter((o) => o.customer.phone === phone),
  };
  const deps: RequestOtpDeps = {
    rates: store.rates,
    otps: store.otps,
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
  const sent = sms instanceof RecordingSms ? sms.sent : [];
  return { deps, challenges, sent, sleeps, clock, store };
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

  it('refuses a second PHONE request for a number cooling down, with Retry-After and retryAfterSeconds', async () => {
    const { deps, clock } = setup();
    await requestOtp(deps, { identifierType: 'PHONE', identifier: '+919876543210', clientIp: 'x' });
    clock.advance(10);
    const error = await requestOtp(deps, {
      identifierType: 'PHONE',
      identifier: '+919876543210',
      clientIp: 'x',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).headers['Retry-After']).toBe('20');
    expect((error as TooManyRequestsError).extra.retryAfterSeconds).toBe(20);
  });

  it('answers a PHONE request for a number a lookup just sent a code to as for any other number: 202 and a code', async () => {
    const { deps, clock, sent } = setup([order('SO1', '+919876543210')]);
    await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    clock.advance(10);
    const answer = await requestOtp(deps, {
      identifierType: 'PHONE',
      identifier: '+919876543210',
      clientIp: 'x',
    });
    expect(answer.message).toMatch(/sent by SMS/);
    expect(sent.map((m) => m.to)).toEqual(['+919876543210', '+919876543210']);
  });

  it('stays silent for a matched number a PHONE request just sent a code to', async () => {
    const { deps, clock, sent } = setup([order('SO1', '+919876543210')]);
    await requestOtp(deps, { identifierType: 'PHONE', identifier: '+919876543210', clientIp: 'x' });
    clock.advance(10);
    const answer = await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    expect(answer.challengeId).toBeDefined();
    expect(sent).toHaveLength(1);
  });

  it('stays silent for a matched number a PHONE request sent a code to between the lookup’s read and its write', async () => {
    const { deps, sent, store } = setup([order('SO1', '+919876543210')]);
    const read = store.rates.read;
    let raced = false;
    store.rates.read = async (keys) => {
      const logs = await read(keys);
      if (!raced && keys.some((k) => k.scope === 'NUMBER')) {
        raced = true; // the lookup has read the number's logs; a PHONE request for it lands now
        await requestOtp(deps, { identifierType: 'PHONE', identifier: '+919876543210', clientIp: 'other' });
      }
      return logs;
    };
    await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    expect(raced).toBe(true);
    expect(sent).toHaveLength(1); // the PHONE request's code only: the lookup saw it on its second look
  });

  it('sends a lookup no code once the number has had five this hour, PHONE codes included', async () => {
    const { deps, clock, sent } = setup([order('SO1', '+919876543210')]);
    for (let i = 0; i < 5; i++) {
      await requestOtp(deps, { identifierType: 'PHONE', identifier: '+919876543210', clientIp: 'x' });
      clock.advance(31);
    }
    await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    expect(sent).toHaveLength(5);
  });

  it('asks for the longest wait of every limit that refused, across the client and the identifier', async () => {
    const { deps, clock } = setup();
    deps.settings.maxPerClientPerHour = 2;
    deps.settings.maxPerNumberPerHour = 1;
    const ask = (identifier: string) =>
      requestOtp(deps, { identifierType: 'PHONE', identifier, clientIp: 'nat' }).catch((e) => e);
    await ask('9876543210');
    clock.advance(1000);
    await ask('9876543211');
    clock.advance(10);
    const error = (await ask('9876543211')) as TooManyRequestsError;
    // the client may ask again in 2590 s, this number only in 3590 s (and its cooldown ends in 20 s)
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error.headers['Retry-After']).toBe('3590');
    expect(error.message).toBe('Too many codes sent to this number.');
  });

  it('re-reads the limits and retries when its write loses a race, then sends one code', async () => {
    const { deps, sent, store, challenges } = setup();
    store.contend(2);
    await requestOtp(deps, { identifierType: 'PHONE', identifier: '9876543210', clientIp: 'x' });
    expect(store.reads).toHaveLength(3);
    expect(challenges).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('answers 429 with a short Retry-After, never an error, when every write loses a race', async () => {
    const { deps, sent, store, challenges, sleeps } = setup();
    store.contend(1000);
    const error = await requestOtp(deps, {
      identifierType: 'PHONE',
      identifier: '9876543210',
      clientIp: 'x',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).headers['Retry-After']).toBe('2');
    expect(sleeps.length).toBeGreaterThan(1); // jittered backoff between attempts
    expect(challenges).toHaveLength(0);
    expect(sent).toHaveLength(0);
  });

  it('reports a failed SMS for PHONE', async () => {
    const { deps } = setup([], new FailingSms());
    await expect(
      requestOtp(deps, { identifierType: 'PHONE', identifier: '9876543210', clientIp: 'x' }),
    ).rejects.toThrow('SMS provider down');
  });

  it.each([
    ['throttled past its retries', new SmsThrottledError('Rate exceeded'), /just now/],
    ['refused for good', new SmsUndeliverableError('OPTED_OUT', 'opted out'), /to this number/],
  ])(
    'answers a PHONE request whose text the gateway %s with 502 and when to ask again',
    async (_, failure, detail) => {
      const { deps } = setup([], new FailingSms(() => failure));
      const error = await requestOtp(deps, {
        identifierType: 'PHONE',
        identifier: '9876543210',
        clientIp: 'x',
      }).catch((e) => e);
      expect(error).toBeInstanceOf(SmsNotSentError);
      expect(error).toMatchObject({ status: 502, code: 'internal', exposed: true });
      expect((error as SmsNotSentError).message).toMatch(detail);
      expect((error as SmsNotSentError).message).not.toMatch(/Rate exceeded|opted out/);
      expect((error as SmsNotSentError).headers['Retry-After']).toBe(String(deps.settings.resendSeconds));
    },
  );

  it('answers a lookup the same 202 when its SMS fails', async () => {
    const { deps } = setup([order('SO1', '+919876543210')], new FailingSms());
    const answer = await requestOtp(deps, { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' });
    expect(answer.message).toMatch(/If these details match/);
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

/** A seeded source of [0, 1), so a run's latencies are the same every time. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

describe('the timing of a lookup answer', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /**
   * Answers `count` lookups on fake timers — the table 2–30 ms a call, the SMS provider
   * 50–600 ms a message, both seeded — and returns how long each took to answer.
   */
  async function answerTimes(orders: ServiceOrder[], count: number): Promise<number[]> {
    const latency = seeded(orders.length + 1);
    const delayed = <T>(ms: number, value: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => setTimeout(() => value().then(resolve, reject), ms));
    const slowSms: SmsSender = { send: () => delayed(50 + latency() * 550, async () => undefined) };
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const { deps } = setup(orders, slowSms);
      const { sleep: _recording, ...timed } = deps;
      const table = { ...deps.rates }; // the in-memory table, each call delayed like a round trip
      const otps = deps.otps;
      const lookups = deps.orders;
      const answer = requestOtp(
        {
          ...timed,
          settings: { ...deps.settings, lookupMinMs: 250 },
          rates: { read: (keys) => delayed(2 + latency() * 28, () => table.read(keys)) },
          otps: { ...otps, create: (c, logs) => delayed(2 + latency() * 28, () => otps.create(c, logs)) },
          orders: { ...lookups, findBy: (t, v) => delayed(2 + latency() * 28, () => lookups.findBy(t, v)) },
        },
        { identifierType: 'IMEI', identifier: IMEI, clientIp: 'x' },
      );
      const started = Date.now();
      let took = -1;
      const done = answer.then(() => {
        took = Date.now() - started;
      });
      await jest.runAllTimersAsync();
      await done;
      times.push(took);
    }
    return times;
  }

  it('answers matched and unmatched lookups within 5 ms at p50 and p90 while the SMS takes 50–600 ms', async () => {
    const matched = await answerTimes([order('SO1', '+919876543210')], 200);
    const unmatched = await answerTimes([], 200);
    for (const p of [50, 90]) {
      expect(Math.abs(percentile(matched, p) - percentile(unmatched, p))).toBeLessThanOrEqual(5);
    }
    expect(percentile(unmatched, 50)).toBeGreaterThanOrEqual(250);
  });
});
