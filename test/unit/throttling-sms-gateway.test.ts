import {
  ThrottlingSmsGateway,
  throttlingSmsGateway,
} from '../../lambdas/adapters/local/throttling-sms-gateway';
import { type SmsSender, SmsThrottledError } from '../../lambdas/ports/sms';

const sms = (n: number) => ({
  to: `+9198765${String(n).padStart(5, '0')}`,
  kind: 'OTP' as const,
  body: `code ${n}`,
});

function gateway(perSecond: number) {
  let time = 10_000;
  const sent: string[] = [];
  const deliver: SmsSender = { send: async (m) => void sent.push(m.body) };
  const g = new ThrottlingSmsGateway(deliver, { perSecond, now: () => time });
  return { g, sent, at: (ms: number) => (time = 10_000 + ms) };
}

/** Tries every message at once; the outcome of each in order. */
const attempt = (g: SmsSender, from: number, count: number) =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      g.send(sms(from + i)).then(
        () => 'sent',
        (e: unknown) => (e instanceof SmsThrottledError ? 'throttled' : 'failed'),
      ),
    ),
  );

describe('ThrottlingSmsGateway', () => {
  it('passes the first N sends of a second and throttles the rest, sending none of them', async () => {
    const { g, sent } = gateway(20);
    const outcomes = await attempt(g, 0, 30);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(20);
    expect(outcomes.slice(20)).toEqual(Array(10).fill('throttled'));
    expect(sent).toHaveLength(20);
    expect({ accepted: g.accepted, throttled: g.throttled }).toEqual({ accepted: 20, throttled: 10 });
  });

  it('never lets more than N through in any one-second window, however the sends are spread', async () => {
    let time = 0;
    const deliveredAt: number[] = [];
    const g = new ThrottlingSmsGateway(
      { send: async () => void deliveredAt.push(time) },
      { perSecond: 5, now: () => time },
    );
    // Bursts of 3 every 37 ms for 5 s: 405 sends offered, far above the rate.
    for (time = 0; time < 5000; time += 37) await attempt(g, time, 3);
    expect(deliveredAt.length).toBeGreaterThanOrEqual(5 * 5);
    for (const start of deliveredAt) {
      const inWindow = deliveredAt.filter((t) => t >= start && t < start + 1000);
      expect(inWindow.length).toBeLessThanOrEqual(5);
    }
    expect(g.accepted + g.throttled).toBe(3 * Math.ceil(5000 / 37));
  });

  it('takes sends again as the oldest of the last second fall out of the window', async () => {
    const { g, at } = gateway(2);
    expect(await attempt(g, 0, 2)).toEqual(['sent', 'sent']);
    at(999);
    expect(await attempt(g, 2, 1)).toEqual(['throttled']);
    at(1000);
    expect(await attempt(g, 3, 3)).toEqual(['sent', 'sent', 'throttled']);
  });

  it('is the local host’s smsGateway option: a function of the transport it wraps', async () => {
    const sent: string[] = [];
    const g = throttlingSmsGateway(1, () => 0)({ send: async (m) => void sent.push(m.to) });
    await g.send(sms(1));
    await expect(g.send(sms(2))).rejects.toBeInstanceOf(SmsThrottledError);
    expect(sent).toEqual([sms(1).to]);
  });

  it('refuses a rate that is not above zero', () => {
    expect(() => new ThrottlingSmsGateway({ send: async () => undefined }, { perSecond: 0 })).toThrow(
      'perSecond',
    );
  });
});
