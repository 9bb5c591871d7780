import { DynamoOtpRepository } from '../../lambdas/adapters/dynamodb/otp-repository';
import { DynamoRateLogs } from '../../lambdas/adapters/dynamodb/rate-limiter';
import { DynamoTokenRepository } from '../../lambdas/adapters/dynamodb/token-repository';
import type { OtpChallenge } from '../../lambdas/domain/otp-policy';
import type { RateLog } from '../../lambdas/ports/rate-limits';
import { createTestTable, type TestTable } from '../support/dynamo';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const GRANT = { phone: '+919876543210', expiresAt: at(900).toISOString() };

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
    expect(await otps.redeem('c-race', at(10), 'token-race', GRANT)).toBe(false);
  });

  it('redeems a challenge exactly once, storing only the winner’s token', async () => {
    const otps = new DynamoOtpRepository(table.doc, table.name);
    const tokens = new DynamoTokenRepository(table.doc, table.name);
    await otps.create(challenge('c-once'));
    const results = await Promise.all(
      ['token-a', 'token-b', 'token-c'].map((t) => otps.redeem('c-once', at(1), t, GRANT)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await Promise.all(['token-a', 'token-b', 'token-c'].map((t) => tokens.find(t, at(2))));
    expect(stored.filter(Boolean)).toEqual([GRANT]);
    expect((await otps.get('c-once'))?.usedAt).toBe(at(1).toISOString());
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

  it('reads many rate logs in one batch, an absent one empty at version 0', async () => {
    const rates = new DynamoRateLogs(table.doc, table.name);
    const otps = new DynamoOtpRepository(table.doc, table.name);
    const [a] = await rates.read([{ scope: 'TEST', key: 'read-a' }]);
    expect(a).toEqual({ scope: 'TEST', key: 'read-a', hits: [], version: 0 });
    await otps.create(challenge('c-log'), [{ ...(a as RateLog), hits: [T0.getTime()], expiresAt: at(3600) }]);
    expect(
      await rates.read([
        { scope: 'TEST', key: 'read-b' },
        { scope: 'TEST', key: 'read-a' },
      ]),
    ).toEqual([
      { scope: 'TEST', key: 'read-b', hits: [], version: 0 },
      { scope: 'TEST', key: 'read-a', hits: [T0.getTime()], version: 1 },
    ]);
  });

  it('stores a challenge with its rate logs only while every log is at the version it was read at', async () => {
    const rates = new DynamoRateLogs(table.doc, table.name);
    const otps = new DynamoOtpRepository(table.doc, table.name);
    const keys = [
      { scope: 'TEST', key: 'tx-a' },
      { scope: 'TEST', key: 'tx-b' },
    ];
    const read = await rates.read(keys);
    const write = (log: RateLog, hit: number) => ({ ...log, hits: [...log.hits, hit], expiresAt: at(3600) });
    // 6 writers race from the same read: exactly one wins, the others are told, none throws
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        otps.create(
          challenge(`c-tx-${i}`),
          read.map((log) => write(log, i)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'CREATED')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONTENDED')).toHaveLength(5);
    const winner = outcomes.indexOf('CREATED');
    expect(await rates.read(keys)).toEqual(keys.map((k) => ({ ...k, hits: [winner], version: 1 })));
    const stored = await Promise.all(outcomes.map((_, i) => otps.get(`c-tx-${i}`)));
    expect(stored.filter(Boolean)).toHaveLength(1);
  });
});
