import { DynamoOtpRepository } from '../../lambdas/adapters/dynamodb/otp-repository';
import { DynamoRateLimiter } from '../../lambdas/adapters/dynamodb/rate-limiter';
import { DynamoTokenRepository } from '../../lambdas/adapters/dynamodb/token-repository';
import type { OtpChallenge } from '../../lambdas/domain/otp-policy';
import { createTestTable, type TestTable } from '../support/dynamo';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('OTP repositories on DynamoDB Local', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable('otp');
  });
  afterAll(async () => {
    await table.drop();
  });

  const challenge = (id: string): OtpChallenge => ({
    id,
    identifierType: 'IMEI',
    identifier: '356938035643809',
    recipients: [{ phone: '+919876543210', codeHash: 'ab'.repeat(32), serviceOrderIds: ['SO123'] }],
    attempts: 0,
    maxAttempts: 3,
    createdAt: T0.toISOString(),
    expiresAt: at(300).toISOString(),
  });

  it('stores a challenge and reads it back without table attributes', async () => {
    const otps = new DynamoOtpRepository(table.doc, table.name);
    await otps.create(challenge('c-read'));
    expect(await otps.get('c-read')).toEqual(challenge('c-read'));
    expect(await otps.get('c-missing')).toBeUndefined();
  });

  it('refuses a second challenge with the same id', async () => {
    const otps = new DynamoOtpRepository(table.doc, table.name);
    await otps.create(challenge('c-dup'));
    await expect(otps.create(challenge('c-dup'))).rejects.toThrow();
  });

  it('counts wrong attempts only up to the maximum, even when they race', async () => {
    const otps = new DynamoOtpRepository(table.doc, table.name);
    await otps.create(challenge('c-race'));
    const results = await Promise.all(Array.from({ length: 8 }, () => otps.recordWrongAttempt('c-race')));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect((await otps.get('c-race'))?.attempts).toBe(3);
    expect(await otps.markUsed('c-race', at(10))).toBe(false);
  });

  it('marks a challenge used exactly once', async () => {
    const otps = new DynamoOtpRepository(table.doc, table.name);
    await otps.create(challenge('c-once'));
    const results = await Promise.all([otps.markUsed('c-once', at(1)), otps.markUsed('c-once', at(1))]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('finds a token until it expires, checking expiry itself', async () => {
    const tokens = new DynamoTokenRepository(table.doc, table.name);
    await tokens.save('secret-token', { phone: '+919876543210', expiresAt: at(900).toISOString() });
    expect(await tokens.find('secret-token', at(899))).toEqual({
      phone: '+919876543210',
      expiresAt: at(900).toISOString(),
    });
    expect(await tokens.find('secret-token', at(900))).toBeUndefined();
    expect(await tokens.find('other-token', at(1))).toBeUndefined();
  });

  it('never lets concurrent hits exceed a limit', async () => {
    const rates = new DynamoRateLimiter(table.doc, table.name);
    const rule = { limit: 3, windowSeconds: 3600 };
    const decisions = await Promise.all(
      Array.from({ length: 6 }, () => rates.hit('TEST', 'client-a', rule, T0)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    const next = await rates.hit('TEST', 'client-a', rule, at(60));
    expect(next).toMatchObject({ allowed: false, reason: 'LIMIT', retryAfterSeconds: 3540 });
    expect((await rates.peek('TEST', 'client-b', rule, T0)).allowed).toBe(true);
  });
});
