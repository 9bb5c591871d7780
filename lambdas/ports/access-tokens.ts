/** A customer bearer token's grant: the phone it was issued for, until when. */
export interface AccessToken {
  phone: string;
  expiresAt: string;
}

export interface TokenRepository {
  save(token: string, value: AccessToken): Promise<void>;
  /** The token's phone, or undefined when unknown or expired at `now`. */
  find(token: string, now: Date): Promise<AccessToken | undefined>;
}
