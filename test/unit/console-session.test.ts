import { keepFresh, REFRESH_AHEAD_MS, refreshCognitoSession } from '../../web/console/sign-in';

const CONFIG = {
  kind: 'cognito' as const,
  domain: 'https://redress-test.auth.ap-south-1.amazoncognito.com',
  clientId: 'client-1',
  redirectUri: 'https://example.cloudfront.net/console/',
  logoutUri: 'https://example.cloudfront.net/console/',
};

/** An unsigned JWT with these claims (the console reads claims; the API's authorizer verifies). */
const jwt = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe("the staff console's Cognito session, kept in memory", () => {
  const realFetch = global.fetch;
  const calls: URLSearchParams[] = [];
  let issued = 0;

  beforeEach(() => {
    calls.length = 0;
    issued = 0;
    global.fetch = (async (_url: unknown, init?: { body?: URLSearchParams }) => {
      calls.push(new URLSearchParams(init?.body));
      issued++;
      return new Response(
        JSON.stringify({
          id_token: jwt({
            sub: 'u1',
            email: 'asha@example.com',
            'cognito:groups': ['grievance-desk'],
            exp: 1000 + issued * 3600,
          }),
        }),
        { status: 200 },
      );
    }) as typeof fetch;
  });
  afterEach(() => {
    global.fetch = realFetch;
    jest.useRealTimers();
  });

  it('trades the refresh token for a new ID token, and keeps the refresh token Cognito did not rotate', async () => {
    const session = await refreshCognitoSession(CONFIG, 'refresh-1');
    expect(Object.fromEntries(calls[0] ?? [])).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-1',
      refresh_token: 'refresh-1',
    });
    expect(session).toMatchObject({
      sub: 'asha@example.com',
      groups: ['grievance-desk'],
      expiresAt: 4_600_000,
    });
    await session.refresh?.();
    expect(calls[1]?.get('refresh_token')).toBe('refresh-1');
  });

  it('renews two minutes before the session ends, and each new session likewise', async () => {
    jest.useFakeTimers({ now: 0 });
    const first = await refreshCognitoSession(CONFIG, 'refresh-1'); // ends at 4,600 s
    const renewed: number[] = [];
    const stop = keepFresh(
      first,
      (next) => renewed.push(next.expiresAt ?? 0),
      () => undefined,
    );
    await jest.advanceTimersByTimeAsync(4_600_000 - REFRESH_AHEAD_MS - 1);
    expect(renewed).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(renewed).toEqual([8_200_000]);
    await jest.advanceTimersByTimeAsync(8_200_000 - REFRESH_AHEAD_MS - Date.now());
    expect(renewed).toEqual([8_200_000, 11_800_000]);
    stop();
    await jest.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(renewed).toHaveLength(2);
  });

  it('signs out when renewal fails, and schedules nothing for a session that cannot renew', async () => {
    jest.useFakeTimers({ now: 0 });
    const failed: string[] = [];
    keepFresh(
      {
        token: 't',
        sub: 's',
        groups: [],
        expiresAt: 600_000,
        refresh: () => Promise.reject(new Error('revoked')),
      },
      () => undefined,
      (e) => failed.push(e.message),
    );
    await jest.advanceTimersByTimeAsync(600_000);
    expect(failed).toEqual(['revoked']);
    keepFresh(
      { token: 'local', sub: 's', groups: [] },
      () => failed.push('renewed'),
      () => undefined,
    );
    await jest.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(failed).toEqual(['revoked']);
  });
});
