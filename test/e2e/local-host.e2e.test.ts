import type { LocalHost } from '../../local/host';
import { call, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

/** The answers the host gives itself, as API Gateway would: the functions' problem shape and CORS. */
describe("the local host's own answers over HTTP", () => {
  let host: LocalHost;

  beforeAll(async () => {
    host = await startTestHost({ sweepIntervalSeconds: 3600 });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it("answers an unknown route with a 404 problem shaped like the functions' own", async () => {
    const unknown = await call(host.url, 'GET', '/nowhere?x=1');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(unknown.headers.get('access-control-allow-origin')).toBe('*');
    expect(unknown.body).toMatchObject({ status: 404, title: 'Not found', instance: '/nowhere' });
    // A function's own problem (401 from the customer-token check) has the same members.
    const fromFunction = await call(host.url, 'GET', '/grievances');
    expect(fromFunction.status).toBe(401);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(fromFunction.body).sort());
    expect((await call(host.url, 'POST', '/health')).status).toBe(404);
  });

  it('keeps a staff route from its function without a known staff token', async () => {
    for (const token of [undefined, 'local.unknown']) {
      const refused = await call(host.url, 'GET', '/staff/grievances', token ? { token } : {});
      expect(refused.status).toBe(401);
      // RFC 6750: a bare challenge without a token, error="invalid_token" for one that is not known.
      if (token) expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      else expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(refused.body).toMatchObject({
        status: 401,
        instance: '/staff/grievances',
        code: token ? 'token_invalid' : 'token_missing',
      });
    }
    const desk = await staffToken(host.url, 'desk-1', ['grievance-desk']);
    expect((await call(host.url, 'GET', '/staff/grievances', { token: desk })).status).toBe(200);
  });

  it('answers a body over 10 MB with 413 before any function runs', async () => {
    const huge = await call(host.url, 'POST', '/otp', {
      raw: 'x'.repeat(10 * 1024 * 1024 + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ status: 413, instance: '/otp' });
  });

  it('serves the /_local routes with CORS, preflights included', async () => {
    const sms = await call(host.url, 'GET', '/_local/sms');
    expect(sms.status).toBe(200);
    expect(sms.headers.get('access-control-allow-origin')).toBe('*');
    // API.md's `messages`, and what the SMS queue holds (README).
    expect(sms.body).toEqual({ messages: [], queued: [], undeliverable: [], deadLettered: [] });
    const preflight = await call(host.url, 'OPTIONS', '/_local/token', {
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    const bad = await call(host.url, 'POST', '/_local/token', {
      raw: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, instance: '/_local/token' });
    const missing = await call(host.url, 'GET', '/_local/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, instance: '/_local/nothing' });
  });
});
