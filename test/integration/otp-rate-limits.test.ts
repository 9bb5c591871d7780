import { DynamoOtpRepository } from '../../lambdas/adapters/dynamodb/otp-repository';
import { DynamoRateLogs } from '../../lambdas/adapters/dynamodb/rate-limiter';
import { TooManyRequestsError } from '../../lambdas/errors';
import type { Clock } from '../../lambdas/ports/clock';
import { type RequestOtpDeps, requestOtp } from '../../lambdas/use-cases/request-otp';
import { createTestTable, type TestTable } from '../support/dynamo';
import { RecordingSms } from '../support/fakes';

const T0 = new Date('2026-11-22T10:00:00.000Z').getTime();

/** Each request reads the time up to ±200 ms apart, as parallel Lambda containers do (seeded). */
function jitteredClock(): Clock {
  let seed = 7;
  return {
    now: () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return new Date(T0 + (seed % 401) - 200);
    },
  };
}

describe('OTP rate limits with parallel requests on DynamoDB Local', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable('otp-limits');
  });
  afterAll(async () => {
    await table.drop();
  });

  const deps = (sms: RecordingSms, maxPerClientPerHour: number): RequestOtpDeps => ({
    rates: new DynamoRateLogs(table.doc, table.name),
    otps: new DynamoOtpRepository(table.doc, table.name),
    orders: { get: async () => undefined, findBy: async () => [], listByPhone: async () => [] },
    grievancePhone: async () => undefined,
    sms,
    clock: jitteredClock(),
    hmacKey: async () => 'k'.repeat(32),
    settings: {
      ttlSeconds: 300,
      maxAttempts: 5,
      resendSeconds: 30,
      maxPerNumberPerHour: 5,
      maxPerIdentifierPerHour: 5,
      maxPerClientPerHour,
      lookupMinMs: 0,
      defaultCountryCode: '91',
      allowedCountryCodes: ['91'],
    },
  });

  it('lets no more than the client’s hourly limit through when 20 requests for different numbers race, and refuses the rest 429', async () => {
    const sms = new RecordingSms();
    const d = deps(sms, 5);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        requestOtp(d, {
          identifierType: 'PHONE',
          identifier: `98765432${String(i).padStart(2, '0')}`,
          clientIp: '203.0.113.9',
        }).then(
          () => 'accepted' as const,
          (error: unknown) => (error instanceof TooManyRequestsError ? ('refused' as const) : error),
        ),
      ),
    );
    const accepted = outcomes.filter((o) => o === 'accepted').length;
    expect(outcomes.filter((o) => o !== 'accepted' && o !== 'refused')).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(5);
    expect(sms.sent).toHaveLength(accepted);
    const [log] = await new DynamoRateLogs(table.doc, table.name).read([
      { scope: 'CLIENT', key: '203.0.113.9' },
    ]);
    expect(log?.hits).toHaveLength(accepted);
  });
});
