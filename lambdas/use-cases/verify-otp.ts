import type { Grievance } from '../domain/grievance';
import { judgeCode, randomToken } from '../domain/otp-policy';
import type { ServiceOrder } from '../domain/service-order';
import { TooManyRequestsError, UnauthorizedError } from '../errors';
import type { Clock } from '../ports/clock';
import type { CustomerRecordsReader, OtpRepository } from '../ports/otp';

export interface VerifyOtpDeps {
  otps: OtpRepository;
  records: CustomerRecordsReader;
  clock: Clock;
  hmacKey: () => Promise<string>;
  settings: { accessTokenTtlSeconds: number; otpTtlSeconds: number };
}

export interface VerifyOtpResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  phone: string;
  serviceOrders: ServiceOrder[];
  grievances: Grievance[];
}

const INVALID = 'The code is invalid or has expired. Request a new one.';

/**
 * Primary course (two round trips to the table: the challenge, then its writes and the records together):
 *  1. Load the challenge (401 when unknown, expired or used; 429 when locked).
 *  2. Compare the code with each recipient's keyed hash in constant time.
 *  3. Wrong: count the attempt and answer 401 with the attempts left.
 *  4. Right: mark the challenge used and store a token scoped to that phone, in one
 *     atomic write (once), while reading the phone's service orders and grievances;
 *     return the matched orders (PHONE: all of the number's) and its grievances.
 */
export async function verifyOtp(
  deps: VerifyOtpDeps,
  input: { challengeId: string; code: string },
): Promise<VerifyOtpResult> {
  const now = deps.clock.now();
  const [challenge, key] = await Promise.all([deps.otps.get(input.challengeId), deps.hmacKey()]);
  if (!challenge) throw new UnauthorizedError(INVALID);
  const outcome = judgeCode(challenge, input.code, key, now);
  switch (outcome.result) {
    case 'EXPIRED':
    case 'USED':
      throw new UnauthorizedError(INVALID);
    case 'LOCKED':
      throw new TooManyRequestsError(deps.settings.otpTtlSeconds, 'Too many wrong codes. Request a new one.');
    case 'WRONG': {
      const counted = await deps.otps.recordWrongAttempt(challenge.id);
      if (!counted) throw new UnauthorizedError(INVALID);
      throw new UnauthorizedError('The code is wrong.', { attemptsRemaining: outcome.attemptsRemaining });
    }
    case 'OK': {
      const phone = outcome.recipient.phone;
      const accessToken = randomToken(32);
      const expiresAt = new Date(now.getTime() + deps.settings.accessTokenTtlSeconds * 1000).toISOString();
      // The records are read alongside the write; they are returned only if the write won.
      const [redeemed, records] = await Promise.all([
        deps.otps.redeem(challenge.id, now, accessToken, { phone, expiresAt }),
        deps.records.ofPhone(phone),
      ]);
      if (!redeemed) throw new UnauthorizedError(INVALID);
      const matched = new Set(outcome.recipient.serviceOrderIds);
      const serviceOrders =
        challenge.identifierType === 'PHONE'
          ? records.serviceOrders
          : records.serviceOrders.filter((o) => matched.has(o.id));
      return {
        accessToken,
        tokenType: 'Bearer',
        expiresAt,
        phone,
        serviceOrders,
        grievances: records.grievances,
      };
    }
  }
}
