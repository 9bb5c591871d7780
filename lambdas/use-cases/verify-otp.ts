import type { Grievance } from '../domain/grievance';
import { judgeCode, randomToken } from '../domain/otp-policy';
import type { ServiceOrder } from '../domain/service-order';
import { OtpAttemptsExhaustedError, OtpChallengeInvalidError, OtpWrongCodeError } from '../errors';
import type { TokenRepository } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { OtpRepository } from '../ports/otp';
import type { ServiceOrderReader } from '../ports/service-orders';

export interface VerifyOtpDeps {
  otps: OtpRepository;
  tokens: TokenRepository;
  orders: ServiceOrderReader;
  grievancesOf: (phone: string) => Promise<Grievance[]>;
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
 * Primary course:
 *  1. Load the challenge (401 when unknown, expired or used; 429 when locked).
 *  2. Compare the code with each recipient's keyed hash in constant time.
 *  3. Wrong: count the attempt and answer 401 with the attempts left.
 *  4. Right: mark the challenge used (once), issue a token scoped to that phone,
 *     and return the matched service orders (PHONE: all of the number's) and its grievances.
 */
export async function verifyOtp(
  deps: VerifyOtpDeps,
  input: { challengeId: string; code: string },
): Promise<VerifyOtpResult> {
  const now = deps.clock.now();
  const challenge = await deps.otps.get(input.challengeId);
  if (!challenge) throw new OtpChallengeInvalidError(INVALID);
  const outcome = judgeCode(challenge, input.code, await deps.hmacKey(), now);
  switch (outcome.result) {
    case 'EXPIRED':
    case 'USED':
      throw new OtpChallengeInvalidError(INVALID);
    case 'LOCKED':
      throw new OtpAttemptsExhaustedError(
        deps.settings.otpTtlSeconds,
        'Too many wrong codes. Request a new one.',
      );
    case 'WRONG': {
      const counted = await deps.otps.recordWrongAttempt(challenge.id);
      if (!counted) throw new OtpChallengeInvalidError(INVALID);
      throw new OtpWrongCodeError(outcome.attemptsRemaining, 'The code is wrong.');
    }
    case 'OK': {
      if (!(await deps.otps.markUsed(challenge.id, now))) throw new OtpChallengeInvalidError(INVALID);
      const phone = outcome.recipient.phone;
      const accessToken = randomToken(32);
      const expiresAt = new Date(now.getTime() + deps.settings.accessTokenTtlSeconds * 1000).toISOString();
      await deps.tokens.save(accessToken, { phone, expiresAt });
      const [serviceOrders, grievances] = await Promise.all([
        challenge.identifierType === 'PHONE'
          ? deps.orders.listByPhone(phone)
          : Promise.all(outcome.recipient.serviceOrderIds.map((id) => deps.orders.get(id))).then((orders) =>
              orders.filter((o): o is ServiceOrder => o !== undefined && o.customer.phone === phone),
            ),
        deps.grievancesOf(phone),
      ]);
      return { accessToken, tokenType: 'Bearer', expiresAt, phone, serviceOrders, grievances };
    }
  }
}
