import { DynamoCallCounter } from '../../bench/aws-calls';
import { documentClient } from '../../lambdas/composition/data';
import type { LocalHost } from '../../local/host';
import { FixedClock } from '../support/clock';
import { call, codeFrom, lastSms, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

/**
 * The OTP limits over real HTTP, with real parallel requests against DynamoDB
 * Local. The clock stands still unless a test moves it, so a cooldown cannot
 * run out while a burst is still in flight.
 */
type Answer = { status: number; headers: Headers; body: Record<string, unknown> };

const requestCode = (host: LocalHost, identifierType: string, identifier: string): Promise<Answer> =>
  call(host.url, 'POST', '/otp', { body: { identifierType, identifier } });

const otpCodesTo = (host: LocalHost, phone: string) =>
  host.outbox.sms.filter((m) => m.to === phone && m.body.includes('verification code'));

function tally(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('OTP limits under concurrency and across identifiers', () => {
  let host: LocalHost;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    host = await startTestHost({
      clock,
      env: { OTP_LOOKUP_MIN_MS: '0', OTP_MAX_PER_CLIENT_PER_HOUR: '100000' },
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('gives the longest wait in Retry-After and retryAfterSeconds when the hourly limit and the cooldown both refuse', async () => {
    const phone = '+919811100002';
    for (let i = 0; i < 5; i++) {
      expect((await requestCode(host, 'PHONE', phone)).status).toBe(202);
      clock.advance(31);
    }
    clock.advance(-25); // the fifth code went out 6 s ago: cooldown 24 s, hourly limit 3600 − 130 = 3470 s
    const refused = await requestCode(host, 'PHONE', phone);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3470');
    expect(refused.body.retryAfterSeconds).toBe(3470);
    clock.advance(3469);
    expect((await requestCode(host, 'PHONE', phone)).status).toBe(429);
    clock.advance(1);
    expect((await requestCode(host, 'PHONE', phone)).status).toBe(202);
  });

  it('answers a PHONE request the same after a lookup of that number’s IMEI as after an unknown IMEI', async () => {
    const phone = '+919811100003';
    const other = '+919811100004';
    const centre = await staffToken(host.url, 'limits-centre', ['service-centre']);
    const order = await call(host.url, 'POST', '/staff/service-orders', {
      token: centre,
      body: {
        customer: { name: 'Asha', phone },
        device: { model: 'Redmi Note 13', imei: '356938035643809' },
        issue: 'Display flickers',
        serviceCentre: 'Bengaluru Koramangala',
      },
    });
    expect(order.status).toBe(201);

    const known = await requestCode(host, 'IMEI', '356938035643809');
    const afterKnown = await requestCode(host, 'PHONE', phone);
    const unknown = await requestCode(host, 'IMEI', '490154203237518');
    const afterUnknown = await requestCode(host, 'PHONE', other);

    expect([known.status, afterKnown.status]).toEqual([unknown.status, afterUnknown.status]);
    expect(afterKnown.status).toBe(202);
    expect(Object.keys(afterKnown.body).sort()).toEqual(Object.keys(afterUnknown.body).sort());
    expect(afterKnown.headers.get('retry-after')).toBe(afterUnknown.headers.get('retry-after'));
    // The trade: the owner of the number got both codes.
    expect(otpCodesTo(host, phone)).toHaveLength(2);
  });

  it('makes at most 2 sequential DynamoDB round trips for a PHONE code, 3 for a lookup and 2 for verify', async () => {
    const counter = new DynamoCallCounter(documentClient());
    const phone = '+919811100005';
    let challengeId = '';
    const request = await counter.measure(async () => {
      const r = await requestCode(host, 'PHONE', phone);
      expect(r.status).toBe(202);
      challengeId = String(r.body.challengeId);
    });
    const code = codeFrom(await lastSms(host.url, phone));
    const verify = await counter.measure(async () => {
      const r = await call(host.url, 'POST', '/otp/verify', { body: { challengeId, code } });
      expect(r.status).toBe(200);
    });
    clock.advance(31);
    const lookup = await counter.measure(async () => {
      expect((await requestCode(host, 'IMEI', '356938035643809')).status).toBe(202);
    });
    const fresh = await requestCode(host, 'PHONE', '+919811100006');
    const wrong = await counter.measure(async () => {
      const r = await call(host.url, 'POST', '/otp/verify', {
        body: { challengeId: fresh.body.challengeId, code: 'x1x1x1'.replace(/x/g, '0') },
      });
      expect([200, 401]).toContain(r.status);
    });
    expect({
      request: request.roundTrips,
      lookup: lookup.roundTrips,
      verify: verify.roundTrips,
      wrong: wrong.roundTrips,
    }).toEqual({ request: 2, lookup: 3, verify: 2, wrong: 2 });
    expect(request.commands).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
  });
});

/**
 * Parallel requests read the time a little apart (and Lambda containers' clocks differ):
 * each reading here lands within ±200 ms of the test's time, from a seeded sequence.
 */
class JitteredClock extends FixedClock {
  private seed = 42;
  override now(): Date {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return new Date(super.now().getTime() + ((this.seed % 401) - 200));
  }
}

describe('OTP limits under parallel bursts, each request reading the time a little apart', () => {
  let host: LocalHost;
  const clock = new JitteredClock(new Date());

  beforeAll(async () => {
    host = await startTestHost({
      clock,
      env: { OTP_RESEND_SECONDS: '1', OTP_LOOKUP_MIN_MS: '0', OTP_MAX_PER_CLIENT_PER_HOUR: '100000' },
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('sends one code and answers the other 19 of 20 parallel requests for one number 429, never 500', async () => {
    const phone = '+919811100001';
    const answers = await Promise.all(Array.from({ length: 20 }, () => requestCode(host, 'PHONE', phone)));
    expect(tally(answers)).toEqual({ 202: 1, 429: 19 });
    expect(otpCodesTo(host, phone)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });

  it('sends no more than five codes an hour to one number over 8 bursts of 20, and never answers 5xx', async () => {
    const phone = '+919811100010';
    const answers: Answer[] = [];
    for (let burst = 0; burst < 8; burst++) {
      answers.push(
        ...(await Promise.all(Array.from({ length: 20 }, () => requestCode(host, 'PHONE', phone)))),
      );
      clock.advance(1.5);
    }
    expect(tally(answers)).toEqual({ 202: 5, 429: 155 });
    expect(otpCodesTo(host, phone)).toHaveLength(5);
  });
});
