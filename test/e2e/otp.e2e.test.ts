import type { LocalHost } from '../../local/host';
import { ShiftableClock } from '../support/clock';
import { call, codeFrom, lastSms } from '../support/http';
import { startTestHost } from '../support/local-host';

const PHONE = '+919812345670';

describe('customer identity over HTTP on the local host', () => {
  let host: LocalHost;
  const clock = new ShiftableClock();

  beforeAll(async () => {
    host = await startTestHost({ clock, env: { OTP_LOOKUP_MIN_MS: '50' } });
  });
  afterAll(async () => {
    await host?.stop();
  });

  const requestCode = (identifierType: string, identifier: string, headers: Record<string, string> = {}) =>
    call<Record<string, string>>(host.url, 'POST', '/otp', { body: { identifierType, identifier }, headers });

  it('sends a code to a phone, reads it from the outbox and trades it for a bearer token', async () => {
    const otp = await requestCode('PHONE', '98123 45670');
    expect(otp.status).toBe(202);
    expect(Object.keys(otp.body).sort()).toEqual(['challengeId', 'expiresAt', 'message', 'resendAfter']);
    const sms = await lastSms(host.url, PHONE);
    expect(sms?.to).toBe(PHONE);

    const verified = await call<Record<string, unknown>>(host.url, 'POST', '/otp/verify', {
      body: { challengeId: otp.body.challengeId, code: codeFrom(sms) },
    });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      tokenType: 'Bearer',
      phone: PHONE,
      serviceOrders: [],
      grievances: [],
    });
    expect(typeof verified.body.accessToken).toBe('string');
    expect(Date.parse(String(verified.body.expiresAt))).toBeGreaterThan(Date.now());

    const again = await call(host.url, 'POST', '/otp/verify', {
      body: { challengeId: otp.body.challengeId, code: codeFrom(sms) },
    });
    expect(again.status).toBe(401);
  });

  it('refuses even the right code after five wrong ones', async () => {
    const phone = '+919812345671';
    const otp = await requestCode('PHONE', phone);
    const code = codeFrom(await lastSms(host.url, phone));
    const wrong = code === '000000' ? '111111' : '000000';
    const remaining: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call(host.url, 'POST', '/otp/verify', {
        body: { challengeId: otp.body.challengeId, code: wrong },
      });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      remaining.push(r.body.attemptsRemaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const right = await call(host.url, 'POST', '/otp/verify', {
      body: { challengeId: otp.body.challengeId, code },
    });
    expect(right.status).toBe(429);
  });

  it('answers an unknown IMEI with the identical 202 shape and sends no SMS', async () => {
    const before = host.outbox.sms.length;
    const known = await requestCode('PHONE', '+919812345672');
    const unknown = await requestCode('IMEI', '490154203237518');
    expect(unknown.status).toBe(202);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(known.body).sort());
    expect(host.outbox.sms.length).toBe(before + 1); // only the PHONE request's code
    const verify = await call(host.url, 'POST', '/otp/verify', {
      body: { challengeId: unknown.body.challengeId, code: '123456' },
    });
    expect(verify.status).toBe(401);
    expect(verify.body.attemptsRemaining).toBe(4);
  });

  it('refuses an expired code', async () => {
    const phone = '+919812345673';
    const otp = await requestCode('PHONE', phone);
    const code = codeFrom(await lastSms(host.url, phone));
    clock.advance(301);
    const r = await call(host.url, 'POST', '/otp/verify', {
      body: { challengeId: otp.body.challengeId, code },
    });
    expect(r.status).toBe(401);
  });

  it('rate limits a second request for the same number within the resend window', async () => {
    const phone = '+919812345674';
    expect((await requestCode('PHONE', phone)).status).toBe(202);
    const second = await requestCode('PHONE', phone);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('rejects an IMEI that fails the Luhn check, naming the field', async () => {
    const r = await requestCode('IMEI', '490154203237519');
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'identifier', message: expect.stringContaining('IMEI') }]);
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const r = await call(host.url, 'POST', '/otp', {
      raw: '{"identifierType": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.body).toMatchObject({
      status: 400,
      title: expect.any(String),
      detail: expect.any(String),
      type: expect.any(String),
    });
  });

  it('answers a 20 KiB body with 413', async () => {
    const r = await call(host.url, 'POST', '/otp', {
      body: { identifierType: 'PHONE', identifier: '9812345675', padding: 'x'.repeat(20 * 1024) },
    });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers a text/plain body with 415', async () => {
    const r = await call(host.url, 'POST', '/otp', {
      raw: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(415);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const r = await call(host.url, 'GET', '/nope');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });

  it('lists every field that is wrong with its dotted path', async () => {
    const r = await call(host.url, 'POST', '/otp', { body: { identifierType: 'FAX', identifier: '' } });
    expect(r.status).toBe(400);
    expect((r.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'identifier',
      'identifierType',
    ]);
  });

  it('serves /health and an OpenAPI 3.1 document', async () => {
    expect((await call(host.url, 'GET', '/health')).body).toEqual({ status: 'ok' });
    const doc = await call<{ openapi: string; paths: Record<string, unknown> }>(
      host.url,
      'GET',
      '/openapi.json',
    );
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/otp']).toBeDefined();
  });
});
