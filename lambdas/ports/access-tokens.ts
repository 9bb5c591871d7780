/** A customer bearer token's grant: the phone it was issued for, until when. */
export interface AccessToken {
  phone: string;
  expiresAt: string;
}

export interface TokenRepository {
  save(token: string, value: AccessToken): Promise<void>;
  /** The token's phone, or undefined when unknown, revoked or expired at `now` (a consistent read). */
  find(token: string, now: Date): Promise<AccessToken | undefined>;
  /** Revokes the token at once: every later `find` answers undefined. */
  revoke(token: string): Promise<void>;
}
