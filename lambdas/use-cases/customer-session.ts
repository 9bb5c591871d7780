import type { TokenRepository } from '../ports/access-tokens';

export interface SessionDeps {
  tokens: Pick<TokenRepository, 'revoke'>;
}

/** The session a valid customer token stands for (the route's authentication already checked it). */
export interface CustomerSession {
  phone: string;
  expiresAt: string;
  token: string;
}

/**
 * Primary course (GET /session):
 *  1. Answer the token's phone and expiry — nothing else is read; the token was checked on the way in.
 */
export function describeSession(session: CustomerSession): { phone: string; expiresAt: string } {
  return { phone: session.phone, expiresAt: session.expiresAt };
}

/**
 * Primary course (POST /session/logout):
 *  1. Revoke the token: its item is deleted, and tokens are read consistently, so the very
 *     next call with it is a 401.
 */
export async function logout(deps: SessionDeps, session: CustomerSession): Promise<void> {
  await deps.tokens.revoke(session.token);
}
