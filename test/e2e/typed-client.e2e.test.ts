import type { LocalHost } from '../../local/host';
import { type ApiClient, apiClient, bearer } from '../support/api-client';
import { ShiftableClock } from '../support/clock';
import { codeFrom, lastSms, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

/**
 * The OTP and grievance flows as a frontend team walks them: every call through
 * the client typed from GET /openapi.json (generated/api.d.ts), every answer
 * checked against the contract by the client's conformance middleware
 * (test/support/api-client.ts), so a response that drifts from its schema fails.
 */
describe('the OTP and grievance flows through the typed client', () => {
  const clock = new ShiftableClock();
  let host: LocalHost;
  let api: ApiClient;

  beforeAll(async () => {
    host = await startTestHost({ clock, timers: 'manual', env: { OTP_LOOKUP_MIN_MS: '0' } });
    api = apiClient(host.url);
  });
  afterAll(() => host.stop());

  /** A customer token for +91<national>, by the SMS code in the local outbox. */
  async function signIn(national: string): Promise<string> {
    const requested = await api.POST('/otp', { body: { identifierType: 'PHONE', identifier: national } });
    expect(requested.response.status).toBe(202);
    const challengeId = requested.data?.challengeId ?? '';
    const verified = await api.POST('/otp/verify', {
      body: { challengeId, code: codeFrom(await lastSms(host.url, `+91${national}`)) },
    });
    expect(verified.response.status).toBe(200);
    expect(verified.data?.tokenType).toBe('Bearer');
    return verified.data?.accessToken ?? '';
  }

  it('signs in with an SMS code, restores the session, and signs out for good', async () => {
    const wrong = await api.POST('/otp', { body: { identifierType: 'IMEI', identifier: '123' } });
    expect(wrong.response.status).toBe(400);
    expect(wrong.error?.code).toBe('invalid_request');
    expect(wrong.error?.errors?.map((e) => e.path)).toEqual(['identifier']);

    const token = await signIn('9811112222');
    const session = await api.GET('/session', bearer(token));
    expect(session.data?.phone).toBe('+919811112222');

    const out = await api.POST('/session/logout', bearer(token));
    expect(out.response.status).toBe(204);
    const after = await api.GET('/session', bearer(token));
    expect(after.response.status).toBe(401);
    expect(after.error?.code).toBe('token_invalid');
    expect(after.response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('files a complaint, sees it escalate on its deadline, gets a resolution and closes it', async () => {
    let token = await signIn('9811114444');
    const filed = await api.POST('/grievances', {
      ...bearer(token),
      params: { header: { 'Idempotency-Key': 'typed-client-1' } },
      body: {
        name: 'Asha Rao',
        category: 'SOFTWARE_UPDATE',
        description: 'The phone restarts every few minutes since the last update.',
        channel: 'WEB',
      },
    });
    expect(filed.response.status).toBe(201);
    const id = filed.data?.id ?? '';
    expect(filed.data).toMatchObject({ status: 'OPEN', level: 1, categoryLabel: expect.any(String) });

    const list = await api.GET('/grievances', { ...bearer(token), params: { query: { limit: 10 } } });
    expect(list.data?.items.map((g) => g.id)).toContain(id);

    // The level-1 deadline passes: the host's clock moves and its timers fire, as Scheduler would.
    clock.advance(48 * 3600 + 1);
    await host.fireDueDeadlines();
    const expired = await api.GET('/grievances', bearer(token));
    expect([expired.response.status, expired.error?.code]).toEqual([401, 'token_expired']);
    token = await signIn('9811114444');
    const escalated = await api.GET('/grievances/{id}', { ...bearer(token), params: { path: { id } } });
    expect(escalated.data).toMatchObject({ level: 2, levelName: 'Head of Customer Service' });

    const head = await staffToken(host.url, 'head-1', ['customer-service-head']);
    const me = await api.GET('/staff/me', bearer(head));
    expect(me.data).toEqual({ sub: 'head-1', groups: ['customer-service-head'], level: 2 });
    const queue = await api.GET('/staff/grievances', { ...bearer(head), params: { query: { q: id } } });
    expect(queue.data?.items.map((g) => g.id)).toEqual([id]);
    const resolved = await api.POST('/staff/grievances/{id}/responses', {
      ...bearer(head),
      params: { path: { id } },
      body: { message: 'We rolled the update back on your phone.', resolve: true },
    });
    expect(resolved.data?.status).toBe('RESOLVED');

    const closed = await api.POST('/grievances/{id}/feedback', {
      ...bearer(token),
      params: { path: { id } },
      body: { satisfied: true, rating: 5 },
    });
    expect(closed.data).toMatchObject({ status: 'CLOSED', statusLabel: 'Closed' });

    const again = await api.POST('/grievances/{id}/feedback', {
      ...bearer(token),
      params: { path: { id } },
      body: { satisfied: true },
    });
    expect(again.response.status).toBe(409);
    expect(again.error?.code).toBe('conflict');
  });

  it('says when to try again, in the header and the body alike', async () => {
    const limited = [];
    for (let i = 0; i < 2; i++)
      limited.push(await api.POST('/otp', { body: { identifierType: 'PHONE', identifier: '9811113333' } }));
    const [, second] = limited;
    expect(second?.response.status).toBe(429);
    expect(second?.error?.code).toBe('rate_limited');
    expect(Number(second?.response.headers.get('retry-after'))).toBe(second?.error?.retryAfterSeconds);
  });
});
