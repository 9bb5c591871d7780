/** A customer bearer token's grant: the phone it was issued for, until when. */
export interface AccessToken {
  phone: string;
  expiresAt: string;
}

/** What a presented token is at `now`: valid (with its grant), expired, or unknown (never issued, or revoked). */
export type TokenCheck =
  | { status: 'VALID'; token: AccessToken }
  | { status: 'EXPIRED' }
  | { status: 'UNKNOWN' };

export interface TokenRepository {
  save(token: string, value: AccessToken): Promise<void>;
  /** The token's phone, or undefined when unknown, revoked or expired at `now` (a consistent read). */
  find(token: string, now: Date): Promise<AccessToken | undefined>;
  /** Revokes the token at once: every later `find` answers undefined. */
  revoke(token: string): Promise<void>;
  /** Like `find`, but tells an expired token from an unknown one (401 `token_expired` vs `token_invalid`). */
  check(token: string, now: Date): Promise<TokenCheck>;
}
