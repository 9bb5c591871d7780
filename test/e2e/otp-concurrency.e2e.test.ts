import type { LocalHost } from '../../local/host';
import { FixedClock } from '../support/clock';
import { call, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

/**
 * Surge-day concurrency (issue 16): many parallel POST /otp over real HTTP against DynamoDB
 * Local, each limit checked against what was actually sent. The clock stands still, so every
 * request of a burst falls in the same window and only the versioned writes keep them apart.
 */
type Answer = { status: number; body: Record<string, unknown> };

// Contended writes back off and retry (up to 8 times each): a burst of 40 takes seconds on a busy machine.
jest.setTimeout(90_000);

const requestCode = (host: LocalHost, identifierType: string, identifier: string): Promise<Answer> =>
  call(host.url, 'POST', '/otp', { body: { identifierType, identifier } });

const parallel = (n: number, make: (i: number) => Promise<Answer>) =>
  Promise.all(Array.from({ length: n }, (_, i) => make(i)));

const codesTo = (host: LocalHost, phone: string) =>
  host.outbox.sms.filter((m) => m.to === phone && m.body.includes('verification code')).length;

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

/** Asks again, one at a time, until refused for good: with a burst's leftovers, never more than `limit` pass. */
async function untilRefused(make: () => Promise<Answer>, atMost: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < atMost; i++) {
    const answer = await make();
    answers.push(answer);
    if (answer.status === 429 && !String(answer.body.detail).includes('at once')) break;
  }
  return answers;
}

describe('OTP limits hold under 40 parallel requests (no resend cooldown in the way)', () => {
  let host: LocalHost;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    host = await startTestHost({
      clock,
      env: {
        OTP_RESEND_SECONDS: '0',
        OTP_LOOKUP_MIN_MS: '0',
        OTP_MAX_PER_NUMBER_PER_HOUR: '5',
        OTP_MAX_PER_CLIENT_PER_HOUR: '100000',
      },
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('sends one number exactly its hourly five codes out of 40 parallel requests and more after, the rest 429, never 5xx', async () => {
    const phone = '+919822200001';
    const burst = await parallel(40, () => requestCode(host, 'PHONE', phone));
    expect(burst.every((a) => a.status === 202 || a.status === 429)).toBe(true);
    expect(count(burst, 202)).toBeLessThanOrEqual(5);
    expect(count(burst, 202)).toBeGreaterThanOrEqual(1);
    // Whatever contention refused in the burst, asking on cannot take the number past its limit.
    const after = await untilRefused(() => requestCode(host, 'PHONE', phone), 10);
    expect(count(burst, 202) + count(after, 202)).toBe(5);
    expect(codesTo(host, phone)).toBe(5);
    expect(after.at(-1)?.status).toBe(429);
  });

  it('sends a number at most five codes from lookups plus five from PHONE requests when both race', async () => {
    const phone = '+919822200002';
    const centre = await staffToken(host.url, 'surge-centre', ['service-centre']);
    const imeis = ['860000000000017', '490154203237518', '353918051234561'];
    const orders: string[] = [];
    for (const imei of imeis) {
      const order = await call(host.url, 'POST', '/staff/service-orders', {
        token: centre,
        body: {
          customer: { name: 'Ravi', phone },
          device: { model: 'Redmi Note 13', imei },
          issue: 'Battery drains overnight',
          serviceCentre: 'Pune Camp',
        },
      });
      expect(order.status).toBe(201);
      orders.push(String(order.body.id));
    }
    const smsBefore = codesTo(host, phone); // none: booking texts are not codes
    const answers = await Promise.all([
      ...imeis.flatMap((imei) => Array.from({ length: 6 }, () => requestCode(host, 'IMEI', imei))),
      ...orders.flatMap((id) => Array.from({ length: 2 }, () => requestCode(host, 'SERVICE_ORDER', id))),
      ...Array.from({ length: 20 }, () => requestCode(host, 'PHONE', phone)),
    ]);
    expect(answers.every((a) => a.status === 202 || a.status === 429)).toBe(true);
    // Lookups were handed off, not awaited: let them land.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const phone202 = count(answers.slice(-20), 202);
    expect(phone202).toBeLessThanOrEqual(5);
    expect(codesTo(host, phone) - smsBefore).toBeLessThanOrEqual(5 + 5);
    expect(codesTo(host, phone) - smsBefore).toBeGreaterThanOrEqual(phone202);
  });
});

describe('the per-client limit holds under parallel requests for many numbers', () => {
  let host: LocalHost;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    host = await startTestHost({
      clock,
      env: { OTP_LOOKUP_MIN_MS: '0', OTP_MAX_PER_CLIENT_PER_HOUR: '12' },
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('lets no more than the client’s hourly 12 through out of 40 parallel requests for 40 numbers, and sends exactly what it accepted', async () => {
    const phone = (i: number) => `+91983330${String(i).padStart(4, '0')}`;
    const burst = await parallel(40, (i) => requestCode(host, 'PHONE', phone(i)));
    expect(burst.every((a) => a.status === 202 || a.status === 429)).toBe(true);
    expect(count(burst, 202)).toBeLessThanOrEqual(12);
    const after = await untilRefused(
      () => requestCode(host, 'PHONE', phone(100 + Math.floor(Math.random() * 9000))),
      20,
    );
    const accepted = count(burst, 202) + count(after, 202);
    expect(accepted).toBe(12);
    const codes = host.outbox.sms.filter((m) => m.body.includes('verification code')).length;
    expect(codes).toBe(12);
  });
});
