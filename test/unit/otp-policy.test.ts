import { hashOtp, judgeCode, newOtpCode, type OtpChallenge } from '../../lambdas/domain/otp-policy';
import { decideRate } from '../../lambdas/domain/rate-policy';

const KEY = 'k'.repeat(32);
const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function challenge(overrides: Partial<OtpChallenge> = {}, code = '123456'): OtpChallenge {
  const id = 'challenge-1';
  return {
    id,
    identifierType: 'PHONE',
    identifier: '+919876543210',
    recipients: [
      { phone: '+919876543210', codeHash: hashOtp(KEY, id, '+919876543210', code), serviceOrderIds: [] },
    ],
    attempts: 0,
    maxAttempts: 5,
    createdAt: T0.toISOString(),
    expiresAt: at(300).toISOString(),
    ...overrides,
  };
}

describe('one-time password policy', () => {
  it('makes 6-digit codes, keeping leading zeros', () => {
    for (let i = 0; i < 200; i++) expect(newOtpCode()).toMatch(/^\d{6}$/);
  });

  it('binds a code hash to its key, challenge and phone', () => {
    const base = hashOtp(KEY, 'c1', '+919876543210', '123456');
    expect(hashOtp(KEY, 'c1', '+919876543210', '123456')).toBe(base);
    expect(hashOtp(`${KEY}x`, 'c1', '+919876543210', '123456')).not.toBe(base);
    expect(hashOtp(KEY, 'c2', '+919876543210', '123456')).not.toBe(base);
    expect(hashOtp(KEY, 'c1', '+919876543211', '123456')).not.toBe(base);
    expect(base).not.toContain('123456');
  });

  it('accepts the right code before expiry and names the recipient', () => {
    const outcome = judgeCode(challenge(), '123456', KEY, at(299));
    expect(outcome).toEqual({ result: 'OK', recipient: expect.objectContaining({ phone: '+919876543210' }) });
  });

  it('counts down the attempts left on a wrong code', () => {
    expect(judgeCode(challenge({ attempts: 3 }), '654321', KEY, at(10))).toEqual({
      result: 'WRONG',
      attemptsRemaining: 1,
    });
  });

  it('refuses the right code once the code has expired', () => {
    expect(judgeCode(challenge(), '123456', KEY, at(300))).toEqual({ result: 'EXPIRED' });
  });

  it('refuses the right code after the maximum wrong attempts', () => {
    expect(judgeCode(challenge({ attempts: 5 }), '123456', KEY, at(10))).toEqual({ result: 'LOCKED' });
  });

  it('refuses a used challenge', () => {
    expect(judgeCode(challenge({ usedAt: at(5).toISOString() }), '123456', KEY, at(10))).toEqual({
      result: 'USED',
    });
  });

  it('never accepts any code for a challenge that matched no number', () => {
    expect(judgeCode(challenge({ recipients: [] }), '123456', KEY, at(10))).toEqual({
      result: 'WRONG',
      attemptsRemaining: 4,
    });
  });

  it('picks the recipient whose code was entered when an identifier matched two numbers', () => {
    const c = challenge();
    c.recipients.push({
      phone: '+919812345678',
      codeHash: hashOtp(KEY, c.id, '+919812345678', '999999'),
      serviceOrderIds: ['SO1'],
    });
    const outcome = judgeCode(c, '999999', KEY, at(1));
    expect(outcome.result === 'OK' && outcome.recipient.phone).toBe('+919812345678');
  });
});

describe('sliding-window rate policy', () => {
  const rule = { limit: 5, windowSeconds: 3600, cooldownSeconds: 30 };

  it('allows a first hit and records it', () => {
    expect(decideRate([], rule, T0)).toEqual({ allowed: true, hits: [T0.getTime()], retryAfterSeconds: 0 });
  });

  it('refuses a second hit inside the cooldown, saying how long to wait', () => {
    const decision = decideRate([at(-10).getTime()], rule, T0);
    expect(decision).toMatchObject({ allowed: false, reason: 'COOLDOWN', retryAfterSeconds: 20 });
  });

  it('refuses the sixth hit within an hour until the oldest leaves the window', () => {
    const hits = [-3000, -2000, -1000, -500, -100].map((s) => at(s).getTime());
    expect(decideRate(hits, rule, T0)).toMatchObject({
      allowed: false,
      reason: 'LIMIT',
      retryAfterSeconds: 600,
    });
    expect(decideRate(hits, rule, at(601)).allowed).toBe(true);
  });

  it('counts a hit logged a moment after now, as a concurrent caller with a later clock logs it', () => {
    const decision = decideRate([at(0.2).getTime()], rule, T0);
    expect(decision).toMatchObject({ allowed: false, reason: 'COOLDOWN', retryAfterSeconds: 30.2 });
    const full = [-3000, -2000, -1000, -500].map((s) => at(s).getTime()).concat(at(0.1).getTime());
    expect(decideRate(full, { limit: 5, windowSeconds: 3600 }, T0).allowed).toBe(false);
  });

  it('waits for the longer of the cooldown and the hourly limit when both refuse', () => {
    const hits = [-130, -99, -68, -37, -6].map((s) => at(s).getTime());
    expect(decideRate(hits, rule, T0)).toMatchObject({
      allowed: false,
      reason: 'LIMIT',
      retryAfterSeconds: 3470,
    });
    expect(decideRate(hits, rule, at(3469)).allowed).toBe(false);
    expect(decideRate(hits, rule, at(3470)).allowed).toBe(true);
  });

  it('forgets hits older than the window', () => {
    const decision = decideRate([at(-4000).getTime()], rule, T0);
    expect(decision.allowed && decision.hits).toEqual([T0.getTime()]);
  });
});
