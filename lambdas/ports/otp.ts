import type { Grievance } from '../domain/grievance';
import type { OtpChallenge } from '../domain/otp-policy';
import type { ServiceOrder } from '../domain/service-order';
import type { AccessToken } from './access-tokens';
import type { RateLogWrite } from './rate-limits';

/** What storing a challenge came to: `CONTENDED` when a rate log changed since it was read (nothing was written). */
export type CreateOutcome = 'CREATED' | 'CONTENDED';

export interface OtpRepository {
  /**
   * Stores a challenge and the rate logs' new hits in one atomic write, each
   * log only if it is still at the version it was read at.
   */
  create(challenge: OtpChallenge, logs?: readonly RateLogWrite[]): Promise<CreateOutcome>;
  get(id: string): Promise<OtpChallenge | undefined>;
  /** Counts a wrong code; false when the challenge was used or locked meanwhile. */
  recordWrongAttempt(id: string): Promise<boolean>;
  /**
   * Marks the challenge used and stores the access token it grants, in one
   * atomic write, once; false (and no token) when it was used or locked meanwhile.
   */
  redeem(id: string, at: Date, token: string, grant: AccessToken): Promise<boolean>;
}

/** What a verified customer sees first: the service orders and grievances of their number. */
export interface CustomerRecords {
  /** Oldest first, each kind. */
  serviceOrders: ServiceOrder[];
  grievances: Grievance[];
}

export interface CustomerRecordsReader {
  /** Every service order and grievance of one phone, read together. */
  ofPhone(phone: string): Promise<CustomerRecords>;
}
