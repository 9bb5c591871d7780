import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PROBLEM_CODES } from '../../lambdas/errors';
import { problemSchema } from '../../lambdas/schemas/common';
import type { LocalHost } from '../../local/host';
import { ShiftableClock } from '../support/clock';
import { call, codeFrom, customerToken, type HttpResult, lastSms, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code'];

/** Every problem answer: problem+json, the six members (plus documented extras), browser-readable headers. */
function expectProblem(r: HttpResult, status: number, code: string, path: string): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toBe('application/problem+json');
  expect(Object.keys(r.body)).toEqual(expect.arrayContaining(PROBLEM_MEMBERS));
  expect(r.body).toMatchObject({ status, code, instance: path });
  expect(PROBLEM_CODES).toContain(r.body.code);
  expect(problemSchema.safeParse(r.body).success).toBe(true);
  expect(r.headers.get('access-control-expose-headers')).toBe('Retry-After, X-Correlation-Id');
  if (status === 401) expect(r.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
}

describe('problems over HTTP (API.md "Errors"): code, instance, RFC 6750 and exposed headers', () => {
  let host: LocalHost;
  const clock = new ShiftableClock();
  const phone = '+919812300901';

  beforeAll(async () => {
    host = await startTestHost({ clock, env: { OTP_LOOKUP_MIN_MS: '0' } });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('answers an unknown route with not_found', async () => {
    expectProblem(await call(host.url, 'GET', '/nowhere'), 404, 'not_found', '/nowhere');
  });

  it('answers a path that is not percent-encoding with 400 invalid_request, not a 502', async () => {
    expectProblem(await call(host.url, 'GET', '/grievances/%'), 400, 'invalid_request', '/grievances/%');
  });

  it('tells a missing customer token from an unknown one, each with its challenge', async () => {
    const missing = await call(host.url, 'GET', '/grievances');
    expectProblem(missing, 401, 'token_missing', '/grievances');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const unknown = await call(host.url, 'GET', '/grievances', { token: 'x'.repeat(43) });
    expectProblem(unknown, 401, 'token_invalid', '/grievances');
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it('says token_expired for a customer token past its expiresAt', async () => {
    const token = await customerToken(host.url, phone);
    expect((await call(host.url, 'GET', '/grievances', { token })).status).toBe(200);
    clock.advance(901); // ACCESS_TOKEN_TTL_SECONDS defaults to 900
    const expired = await call(host.url, 'GET', '/grievances', { token });
    expectProblem(expired, 401, 'token_expired', '/grievances');
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it('gives the staff 401 of the authorizer emulation the same shape', async () => {
    expectProblem(
      await call(host.url, 'GET', '/staff/grievances'),
      401,
      'token_missing',
      '/staff/grievances',
    );
    expectProblem(
      await call(host.url, 'GET', '/staff/grievances', { token: 'local.unknown' }),
      401,
      'token_invalid',
      '/staff/grievances',
    );
  });

  it('answers forbidden, validation and body problems with their codes', async () => {
    const sc = await staffToken(host.url, 'sc-9', ['service-centre']);
    expectProblem(
      await call(host.url, 'GET', '/staff/grievances', { token: sc }),
      403,
      'forbidden',
      '/staff/grievances',
    );
    const invalid = await call(host.url, 'POST', '/otp', { body: { identifierType: 'PHONE' } });
    expectProblem(invalid, 400, 'invalid_request', '/otp');
    expect(invalid.body.errors).toEqual([{ path: 'identifier', message: 'is required' }]);
    expectProblem(
      await call(host.url, 'POST', '/otp', { raw: '{', headers: { 'content-type': 'application/json' } }),
      400,
      'invalid_request',
      '/otp',
    );
    expectProblem(
      await call(host.url, 'POST', '/otp', { raw: 'a=b', headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
      '/otp',
    );
    expectProblem(
      await call(host.url, 'POST', '/otp', {
        raw: 'x'.repeat(17 * 1024),
        headers: { 'content-type': 'application/json' },
      }),
      413,
      'body_too_large',
      '/otp',
    );
  });

  it('refuses a body declared in another charset with 415 instead of storing "Jos\uFFFD" (issue 13.8)', async () => {
    const token = await customerToken(host.url, '+919812300902');
    const json = JSON.stringify({
      name: 'José',
      category: 'OTHER',
      description: 'A description long enough.',
      channel: 'WEB',
    });
    const latin1 = await fetch(`${host.url}/grievances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1', authorization: `Bearer ${token}` },
      body: Buffer.from(json, 'latin1'),
    });
    expect(latin1.status).toBe(415);
    expect(await latin1.json()).toMatchObject({ code: 'unsupported_media_type', instance: '/grievances' });
    expect((await call<{ items: unknown[] }>(host.url, 'GET', '/grievances', { token })).body.items).toEqual(
      [],
    );
    // UTF-8, said or not, is read as such.
    for (const type of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"']) {
      const ok = await call<{ customer: { name: string } }>(host.url, 'POST', '/grievances', {
        raw: json,
        token,
        headers: { 'content-type': type },
      });
      expect(ok.status).toBe(201);
      expect(ok.body.customer.name).toBe('José');
    }
  });

  it('answers the OTP refusals with their codes, the 429 with retryAfterSeconds equal to Retry-After', async () => {
    const wrong = await call(host.url, 'POST', '/otp', {
      body: { identifierType: 'PHONE', identifier: '+919812300903' },
    });
    expect(wrong.status).toBe(202);
    const challengeId = (wrong.body as { challengeId: string }).challengeId;
    const code = codeFrom(await lastSms(host.url, '+919812300903'));
    const bad = code === '000000' ? '111111' : '000000';
    const refused = await call(host.url, 'POST', '/otp/verify', { body: { challengeId, code: bad } });
    expectProblem(refused, 401, 'otp_wrong_code', '/otp/verify');
    expect(refused.body.attemptsRemaining).toEqual(expect.any(Number));
    expectProblem(
      await call(host.url, 'POST', '/otp/verify', { body: { challengeId: 'unknown', code: '123456' } }),
      401,
      'otp_challenge_invalid',
      '/otp/verify',
    );
    const again = await call(host.url, 'POST', '/otp', {
      body: { identifierType: 'PHONE', identifier: '+919812300903' },
    });
    expectProblem(again, 429, 'rate_limited', '/otp');
    expect(again.body.retryAfterSeconds).toEqual(expect.any(Number));
    expect(String(again.body.retryAfterSeconds)).toBe(again.headers.get('retry-after'));
  });

  it('answers a refused status change with transition_not_allowed and the allowed statuses', async () => {
    const sc = await staffToken(host.url, 'sc-9', ['service-centre']);
    const created = await call<{ id: string }>(host.url, 'POST', '/staff/service-orders', {
      token: sc,
      body: {
        customer: { name: 'Asha', phone: '+919812300904' },
        device: { model: 'Pixel 9' },
        issue: 'No sound',
        serviceCentre: 'Pune',
      },
    });
    expect(created.status).toBe(201);
    const path = `/staff/service-orders/${created.body.id}/status`;
    const r = await call(host.url, 'POST', path, { token: sc, body: { status: 'DELIVERED' } });
    expectProblem(r, 409, 'transition_not_allowed', path);
    expect(r.body.allowedStatuses).toEqual(['WORK_IN_PROGRESS', 'CANCELLED']);
    const past = await call(host.url, 'POST', path, {
      token: sc,
      body: { status: 'WORK_IN_PROGRESS', estimatedReadyAt: '2020-01-01T10:00:00+05:30' },
    });
    expectProblem(past, 400, 'invalid_request', path);
    expect(past.body.errors).toEqual([{ path: 'estimatedReadyAt', message: 'must be in the future' }]);
  });

  it('exposes Retry-After and X-Correlation-Id on successful answers too', async () => {
    const r = await call(host.url, 'GET', '/openapi.json', { headers: { 'x-correlation-id': 'c-1' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-correlation-id')).toBe('c-1');
    expect(r.headers.get('access-control-expose-headers')).toBe('Retry-After, X-Correlation-Id');
  });

  it('is ready while the table answers, and answers 503 once it does not', async () => {
    const ok = await call(host.url, 'GET', '/health');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'ok' });
    const ddb = new DynamoDBClient({ endpoint: host.dynamoEndpoint });
    try {
      await ddb.send(new DeleteTableCommand({ TableName: host.tableName }));
    } finally {
      ddb.destroy();
    }
    const down = await call(host.url, 'GET', '/health');
    expectProblem(down, 503, 'internal', '/health');
    expect(JSON.stringify(down.body)).not.toMatch(/ResourceNotFound|table/i);
  });
});
