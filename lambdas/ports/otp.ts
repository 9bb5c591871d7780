import type { OtpChallenge } from '../domain/otp-policy';

export interface OtpRepository {
  create(challenge: OtpChallenge): Promise<void>;
  get(id: string): Promise<OtpChallenge | undefined>;
  /** Counts a wrong code; false when the challenge was used or locked meanwhile. */
  recordWrongAttempt(id: string): Promise<boolean>;
  /** Marks the challenge used, once; false when it was used or locked meanwhile. */
  markUsed(id: string, at: Date): Promise<boolean>;
}
