import { STAFF_GROUPS, type StaffGroup } from '../../lambdas/domain/staff';

/**
 * How staff sign in, behind one small interface: on the local host a
 * development sign-in (POST /_local/token); in AWS Cognito's managed login
 * with the authorization code flow and PKCE. /console/config.json says which.
 */
export interface StaffSession {
  token: string;
  sub: string;
  /** The groups the identity provider put in the token (Cognito: `cognito:groups`). */
  groups: StaffGroup[];
  /** The token's end, when known (ms since the epoch). */
  expiresAt?: number;
  /** A new session before this one ends (Cognito: the refresh token, kept in memory only). */
  refresh?: () => Promise<StaffSession>;
}

export type ConsoleConfig =
  | { signIn: { kind: 'local' } }
  | {
      signIn: {
        kind: 'cognito';
        /** The user pool's managed login domain, e.g. https://redress-prod.auth.ap-south-1.amazoncognito.com */
        domain: string;
        clientId: string;
        /** Where Cognito sends the browser back: this console's URL, e.g. https://…/console/ */
        redirectUri: string;
        /** Where it goes after signing out (a URL the app client allows). */
        logoutUri: string;
        scopes?: string[];
      };
    };

export { STAFF_GROUPS, type StaffGroup };

/** Reads /console/config.json; a host without one is the local host. */
export async function loadConfig(): Promise<ConsoleConfig> {
  try {
    const response = await fetch('/console/config.json', { cache: 'no-cache' });
    if (response.ok) return (await response.json()) as ConsoleConfig;
  } catch {
    // fall through to the local default
  }
  return { signIn: { kind: 'local' } };
}

/** The local host's stand-in for the identity provider. */
export async function localSignIn(sub: string, groups: StaffGroup[]): Promise<StaffSession> {
  const response = await fetch('/_local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, groups }),
  });
  if (!response.ok) throw new Error('The local host refused the sign-in.');
  const { token } = (await response.json()) as { token: string };
  return { token, sub, groups };
}

// --- Cognito managed login: authorization code + PKCE (RFC 7636) -----------------------------

const VERIFIER_KEY = 'redress.pkce';

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A fresh code verifier and its S256 challenge. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64url(digest) };
}

type CognitoConfig = Extract<ConsoleConfig, { signIn: { kind: 'cognito' } }>['signIn'];

/**
 * Sends the browser to the managed login. The verifier and state must survive
 * that round trip, so they go to sessionStorage (this tab only, gone when it
 * closes) and are removed as soon as the code is exchanged.
 */
export async function beginCognitoSignIn(config: CognitoConfig): Promise<void> {
  const { verifier, challenge } = await pkcePair();
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(VERIFIER_KEY, JSON.stringify({ verifier, state }));
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: (config.scopes ?? ['openid', 'email']).join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Claims of a JWT's payload (not verified here: the API's authorizer does that). */
function claims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

/**
 * On return from the managed login (?code=&state=): exchanges the code for
 * tokens and keeps the ID token (the API's authorizer reads its groups) in
 * memory. Undefined when this is not such a return.
 */
export async function completeCognitoSignIn(config: CognitoConfig): Promise<StaffSession | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const saved = sessionStorage.getItem(VERIFIER_KEY);
  if (!code || !saved) return undefined;
  sessionStorage.removeItem(VERIFIER_KEY);
  history.replaceState(null, '', location.pathname);
  const { verifier, state } = JSON.parse(saved) as { verifier: string; state: string };
  if (params.get('state') !== state)
    throw new Error('The sign-in did not come from this console. Try again.');
  const response = await fetch(new URL('/oauth2/token', config.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!response.ok) throw new Error('Sign-in failed. Try again.');
  const tokens = (await response.json()) as { id_token: string; refresh_token?: string };
  return sessionFrom(config, tokens.id_token, tokens.refresh_token);
}

/** A session from an ID token; with a refresh token, one that can renew itself. */
function sessionFrom(config: CognitoConfig, idToken: string, refreshToken: string | undefined): StaffSession {
  const c = claims(idToken);
  const groups = (Array.isArray(c['cognito:groups']) ? c['cognito:groups'] : []).filter(
    (g): g is StaffGroup => (STAFF_GROUPS as readonly unknown[]).includes(g),
  );
  return {
    token: idToken,
    sub: String(c.email ?? c.sub ?? ''),
    groups,
    ...(typeof c.exp === 'number' ? { expiresAt: c.exp * 1000 } : {}),
    ...(refreshToken ? { refresh: () => refreshCognitoSession(config, refreshToken) } : {}),
  };
}

/** Trades the refresh token for a new ID token (Cognito keeps the refresh token unless it rotates it). */
export async function refreshCognitoSession(
  config: CognitoConfig,
  refreshToken: string,
): Promise<StaffSession> {
  const response = await fetch(new URL('/oauth2/token', config.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: config.clientId,
      refresh_token: refreshToken,
    }),
  });
  if (!response.ok) throw new Error('Your session could not be renewed.');
  const tokens = (await response.json()) as { id_token: string; refresh_token?: string };
  return sessionFrom(config, tokens.id_token, tokens.refresh_token ?? refreshToken);
}

/** How long before its end a session is renewed. */
export const REFRESH_AHEAD_MS = 2 * 60_000;

/**
 * Renews `session` REFRESH_AHEAD_MS before it ends, and each new one likewise,
 * handing each to `onRenewed`; `onFailed` when renewal fails. Returns a cancel.
 * A session that cannot renew itself (local, or no expiry) schedules nothing.
 */
export function keepFresh(
  session: StaffSession,
  onRenewed: (next: StaffSession) => void,
  onFailed: (error: Error) => void,
  now: () => number = Date.now,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  const schedule = (s: StaffSession) => {
    const { refresh, expiresAt } = s;
    if (!refresh || expiresAt === undefined || cancelled) return;
    timer = setTimeout(
      () => {
        refresh().then(
          (next) => {
            if (cancelled) return;
            onRenewed(next);
            schedule(next);
          },
          (error: Error) => !cancelled && onFailed(error),
        );
      },
      Math.max(5_000, expiresAt - REFRESH_AHEAD_MS - now()),
    );
  };
  schedule(session);
  return () => {
    cancelled = true;
    if (timer) clearTimeout(timer);
  };
}

/** Cognito's logout endpoint, which ends the managed login session too. */
export function cognitoSignOut(config: CognitoConfig): void {
  const url = new URL('/logout', config.domain);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri }).toString();
  location.assign(url.toString());
}
