import { RetryingSmsSender, type SmsRetryPolicy } from '../../lambdas/adapters/sms/retrying-sms-sender';
import { LOOKUP_SMS_RETRY, OTP_SMS_RETRY, SNS_OTP_HAND_OFF_MS } from '../../lambdas/composition/messaging';
import { type SmsSender, SmsThrottledError, SmsUndeliverableError } from '../../lambdas/ports/sms';

const MESSAGE = {
  to: '+919876543210',
  kind: 'OTP' as const,
  body: '123456 is your Redress verification code.',
};
const POLICY: SmsRetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 400, budgetMs: 600 };

/** A transport that fails with the given errors in turn, then sends; the time only moves when slept. */
function harness(failures: unknown[], random = () => 0.5) {
  let time = 0;
  const waits: number[] = [];
  const sent: string[] = [];
  let attempts = 0;
  const deliver: SmsSender = {
    send: async (m) => {
      attempts++;
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push(m.to);
    },
  };
  const sender = new RetryingSmsSender(deliver, POLICY, {
    now: () => time,
    random,
    sleep: async (ms) => {
      waits.push(ms);
      time += ms;
    },
  });
  return { sender, waits, sent, attempts: () => attempts };
}

const throttled = () => new SmsThrottledError('Rate exceeded');

describe('RetryingSmsSender', () => {
  it('sends once, without waiting, when the gateway takes the message', async () => {
    const h = harness([]);
    await h.sender.send(MESSAGE);
    expect({ sent: h.sent, waits: h.waits }).toEqual({ sent: [MESSAGE.to], waits: [] });
  });

  it('tries a throttled message again after a full-jitter wait that doubles its cap each time', async () => {
    const h = harness([throttled(), throttled()], () => 0.99);
    await h.sender.send(MESSAGE);
    expect(h.sent).toEqual([MESSAGE.to]);
    expect(h.waits).toEqual([99, 198]); // 0.99 × 100, 0.99 × 200
  });

  it('draws every wait from zero up to its cap, so throttled callers spread out', async () => {
    const h = harness([throttled(), throttled()], () => 0);
    await h.sender.send(MESSAGE);
    expect(h.waits).toEqual([0, 0]);
  });

  it('gives up with the throttling error after the last attempt', async () => {
    const h = harness([throttled(), throttled(), throttled(), throttled(), throttled()], () => 0.1);
    await expect(h.sender.send(MESSAGE)).rejects.toBeInstanceOf(SmsThrottledError);
    expect(h.attempts()).toBe(4);
    expect(h.sent).toEqual([]);
  });

  it('makes no retry whose wait would end past the budget, and reports the throttling instead', async () => {
    // Waits of 0.9 × 100, 200, 400 = 90, 180, 360: the third would end at 630 ms, past the 600 ms budget.
    const h = harness([throttled(), throttled(), throttled()], () => 0.9);
    await expect(h.sender.send(MESSAGE)).rejects.toBeInstanceOf(SmsThrottledError);
    expect(h.waits).toEqual([90, 180]);
    expect(h.attempts()).toBe(3);
  });

  it('counts the attempts’ own time against the budget', async () => {
    let time = 0;
    const waits: number[] = [];
    const sender = new RetryingSmsSender(
      {
        send: async () => {
          time += 500; // a slow, throttled round trip
          throw throttled();
        },
      },
      POLICY,
      { now: () => time, random: () => 0.5, sleep: async (ms) => void waits.push(ms) },
    );
    await expect(sender.send(MESSAGE)).rejects.toBeInstanceOf(SmsThrottledError);
    expect(waits).toEqual([50]); // 500 + 50 ≤ 600; then 1000 + 100 > 600
  });

  it.each([
    ['an undeliverable number', new SmsUndeliverableError('OPTED_OUT', 'opted out')],
    ['any other failure (it may have been sent)', new Error('socket hang up')],
  ])('reports %s at once, without trying again', async (_what, error) => {
    const h = harness([error]);
    await expect(h.sender.send(MESSAGE)).rejects.toBe(error);
    expect(h.attempts()).toBe(1);
    expect(h.waits).toEqual([]);
  });

  it('tells the caller of each retry it makes', async () => {
    const retries: { attempt: number; waitMs: number }[] = [];
    let time = 0;
    const failures = [throttled()];
    const sender = new RetryingSmsSender(
      {
        send: async () => {
          const f = failures.shift();
          if (f) throw f;
        },
      },
      POLICY,
      {
        now: () => time,
        random: () => 0.5,
        sleep: async (ms) => {
          time += ms;
        },
        onRetry: (r) => retries.push(r),
      },
    );
    await sender.send(MESSAGE);
    expect(retries).toEqual([{ attempt: 1, waitMs: 50 }]);
  });

  it('keeps a lookup’s retries and the last Publish within the lookup’s SMS hand-off budget', () => {
    expect(LOOKUP_SMS_RETRY.budgetMs).toBeLessThan(SNS_OTP_HAND_OFF_MS);
    expect(SNS_OTP_HAND_OFF_MS).toBeLessThanOrEqual(1000);
    expect(LOOKUP_SMS_RETRY.maxAttempts).toBeGreaterThan(1);
  });

  it('lets a PHONE request, whose answer waits for its code, retry longer — inside the 5-s OTP text budget', () => {
    expect(OTP_SMS_RETRY.budgetMs).toBeGreaterThan(LOOKUP_SMS_RETRY.budgetMs);
    expect(OTP_SMS_RETRY.budgetMs + 1000).toBeLessThanOrEqual(5000);
  });
});

describe('the OTP use case’s SMS sender', () => {
  afterEach(async () => {
    jest.restoreAllMocks();
    (await import('../../lambdas/composition/lifetime')).resetComposition();
  });

  it('retries a throttled OTP text on whichever SMS port the host provides, and nothing else', async () => {
    Object.assign(process.env, {
      TABLE_NAME: 'otp-retry-wiring',
      OTP_HMAC_KEY: 'otp-retry-wiring-key-0123456789',
    });
    const { provide, resetComposition } = await import('../../lambdas/composition/lifetime');
    const { requestOtpDeps } = await import('../../lambdas/composition/messaging');
    jest.spyOn(Math, 'random').mockReturnValue(0); // every backoff 0 ms: no real waiting
    const attempts: string[] = [];
    const failures: unknown[] = [throttled(), throttled()];
    resetComposition();
    provide({
      sms: {
        send: async (m) => {
          attempts.push(m.to);
          const f = failures.shift();
          if (f) throw f;
        },
      },
    });
    await requestOtpDeps().sms.send(MESSAGE);
    expect(attempts).toEqual([MESSAGE.to, MESSAGE.to, MESSAGE.to]);
    failures.push(throttled());
    await requestOtpDeps().lookupSms?.send(MESSAGE);
    expect(attempts).toHaveLength(5);
  });
});
