import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const IDENTIFIER_TYPES = [
  'PHONE',
  'SERVICE_ORDER',
  'PURCHASE_ORDER',
  'IMEI',
  'SERIAL',
  'GRIEVANCE',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface OtpRecipient {
  phone: string;
  codeHash: string;
  /** Service orders the identifier matched for this phone (for PHONE: empty, all are read at verify). */
  serviceOrderIds: string[];
}

export interface OtpChallenge {
  id: string;
  identifierType: IdentifierType;
  identifier: string;
  /** Empty for an identifier that matched nothing: the challenge exists, but no code can pass. */
  recipients: OtpRecipient[];
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** A 6-digit code from a CSPRNG, leading zeros kept. */
export const newOtpCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** An opaque, unguessable id or token (base64url of `bytes` random bytes). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Keyed hash of a code, bound to its challenge and phone so a hash is useless elsewhere. */
export function hashOtp(key: string, challengeId: string, phone: string, code: string): string {
  return createHmac('sha256', key).update(`${challengeId}:${phone}:${code}`).digest('hex');
}

export type VerifyOutcome =
  | { result: 'OK'; recipient: OtpRecipient }
  | { result: 'WRONG'; attemptsRemaining: number }
  | { result: 'EXPIRED' | 'USED' | 'LOCKED' };

/**
 * Judges a code against a challenge at `now`. Every recipient's hash is compared
 * in constant time, whatever matched before, so timing reveals nothing.
 */
export function judgeCode(challenge: OtpChallenge, code: string, key: string, now: Date): VerifyOutcome {
  if (challenge.usedAt) return { result: 'USED' };
  if (now.getTime() >= Date.parse(challenge.expiresAt)) return { result: 'EXPIRED' };
  if (challenge.attempts >= challenge.maxAttempts) return { result: 'LOCKED' };
  let match: OtpRecipient | undefined;
  for (const recipient of challenge.recipients) {
    const candidate = Buffer.from(hashOtp(key, challenge.id, recipient.phone, code), 'hex');
    const stored = Buffer.from(recipient.codeHash, 'hex');
    if (candidate.length === stored.length && timingSafeEqual(candidate, stored) && !match) match = recipient;
  }
  if (match) return { result: 'OK', recipient: match };
  return { result: 'WRONG', attemptsRemaining: Math.max(0, challenge.maxAttempts - challenge.attempts - 1) };
}

export interface OtpLimits {
  resendSeconds: number;
  maxPerNumberPerHour: number;
  maxPerIdentifierPerHour: number;
  maxPerClientPerHour: number;
}

export const HOUR = 3600;

/** The rate rules of API.md, per scope. */
export function otpRateRules(limits: OtpLimits) {
  return {
    client: { limit: limits.maxPerClientPerHour, windowSeconds: HOUR },
    identifier: {
      limit: limits.maxPerIdentifierPerHour,
      windowSeconds: HOUR,
      cooldownSeconds: limits.resendSeconds,
    },
    number: { limit: limits.maxPerNumberPerHour, windowSeconds: HOUR, cooldownSeconds: limits.resendSeconds },
  };
}
