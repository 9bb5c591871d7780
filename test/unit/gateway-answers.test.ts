import { resetConfig } from '../../lambdas/config';
import { NotFoundError } from '../../lambdas/errors';
import { problemResponse } from '../../lambdas/http/problem';
import {
  badGateway,
  badPath,
  noRoute,
  payloadTooLarge,
  preflight,
  staffUnauthorized,
  withCors,
} from '../../local/gateway-answers';

const bodyOf = (r: { body: string }) => JSON.parse(r.body) as Record<string, unknown>;

describe("the local host's own answers", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.TABLE_NAME = 'unit-gateway-answers';
    delete process.env.CORS_ALLOWED_ORIGINS;
    resetConfig();
  });
  afterAll(() => {
    process.env = saved;
    resetConfig();
  });

  it("answers an unknown route with the functions' own 404 problem, instance the request path", () => {
    const answer = noRoute('GET', '/nowhere');
    expect(answer).toEqual(problemResponse(new NotFoundError('No route for GET /nowhere.'), '/nowhere'));
    expect(answer.headers['Content-Type']).toBe('application/problem+json');
    expect(bodyOf(answer)).toEqual({
      type: 'https://redress.example/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No route for GET /nowhere.',
      instance: '/nowhere',
      code: 'not_found',
    });
  });

  it('refuses a staff route without a known token with a 401 that asks for a Bearer token', () => {
    const answer = staffUnauthorized('/staff/grievances');
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['WWW-Authenticate']).toBe('Bearer');
    expect(bodyOf(answer)).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      instance: '/staff/grievances',
    });
  });

  it('tells a missing staff token (token_missing) from an unknown one (token_invalid, error="invalid_token")', () => {
    const missing = staffUnauthorized('/staff/grievances', 'missing');
    expect(bodyOf(missing)).toMatchObject({ status: 401, code: 'token_missing' });
    expect(missing.headers['WWW-Authenticate']).toBe('Bearer');
    const invalid = staffUnauthorized('/staff/grievances', 'invalid');
    expect(bodyOf(invalid)).toMatchObject({
      status: 401,
      code: 'token_invalid',
      instance: '/staff/grievances',
    });
    expect(invalid.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
    expect(Object.keys(bodyOf(invalid)).sort()).toEqual(Object.keys(bodyOf(missing)).sort());
  });

  it('answers a path that is not percent-encoding with a 400 problem', () => {
    const answer = badPath('/grievances/%');
    expect(answer.statusCode).toBe(400);
    expect(bodyOf(answer)).toMatchObject({ status: 400, code: 'invalid_request', instance: '/grievances/%' });
  });

  it('lets browsers read Retry-After and X-Correlation-Id on every answer', () => {
    for (const answer of [noRoute('GET', '/x'), badGateway('/x'), payloadTooLarge('/x', 1)])
      expect(withCors(answer, undefined).headers['Access-Control-Expose-Headers']).toBe(
        'Retry-After, X-Correlation-Id',
      );
  });

  it('answers an oversized body with 413', () => {
    const answer = payloadTooLarge('/grievances', 10 * 1024 * 1024);
    expect(answer.statusCode).toBe(413);
    expect(bodyOf(answer)).toMatchObject({
      type: 'https://redress.example/problems/payload-too-large',
      status: 413,
      instance: '/grievances',
    });
  });

  it('answers a crashed function with a 502 that reveals nothing', () => {
    const answer = badGateway('/grievances');
    expect(answer.statusCode).toBe(502);
    expect(answer.headers['Content-Type']).toBe('application/problem+json');
    expect(bodyOf(answer)).toEqual({
      type: 'https://redress.example/problems/internal',
      title: 'Internal server error',
      status: 502,
      detail: 'Something went wrong on our side. Please try again later.',
      instance: '/grievances',
      code: 'internal',
    });
  });

  it('adds the CORS headers the functions send, for the configured origins', () => {
    expect(withCors(noRoute('GET', '/x'), undefined).headers).toMatchObject({
      'Content-Type': 'application/problem+json',
      'Access-Control-Allow-Origin': '*',
    });
    process.env.CORS_ALLOWED_ORIGINS = 'https://app.example';
    resetConfig();
    expect(withCors(noRoute('GET', '/x'), 'https://app.example').headers).toMatchObject({
      'Access-Control-Allow-Origin': 'https://app.example',
      Vary: 'Origin',
    });
    expect(
      withCors(noRoute('GET', '/x'), 'https://evil.example').headers['Access-Control-Allow-Origin'],
    ).toBe(undefined);
  });

  it('answers a CORS preflight with the methods and headers the API takes', () => {
    expect(preflight('https://app.example')).toEqual({
      statusCode: 204,
      headers: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type,Authorization,Idempotency-Key,X-Correlation-Id',
        'Access-Control-Expose-Headers': 'Retry-After, X-Correlation-Id',
        'Access-Control-Max-Age': '600',
      },
      body: '',
    });
  });
});
