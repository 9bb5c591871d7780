import type middy from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { parseGroupsClaim, type StaffGroup, type StaffIdentity } from '../domain/staff';
import {
  BadRequestError,
  ForbiddenError,
  PayloadTooLargeError,
  TokenExpiredError,
  TokenInvalidError,
  TokenMissingError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors';
import { logger } from '../logger';
import { corsHeaders } from './cors';
import { type HttpResponse, isClientError, problemResponse } from './problem';
import type { RouteSpec } from './spec';
import { parseOrThrow } from './validate';

/**
 * The small middy middlewares every HTTP route is made of (see route.ts for
 * their order). Each reads and writes only its own field of the context.
 */

export const MAX_BODY_BYTES = 16 * 1024;

export interface CustomerIdentity {
  phone: string;
  /** When the token stops being accepted. */
  expiresAt: string;
  /** The bearer token itself, so a route can revoke it (POST /session/logout); never logged. */
  token: string;
}

/**
 * Checks a customer bearer token: the customer; `'expired'` for a known token
 * past its `expiresAt`; undefined when the token is unknown or revoked.
 */
export type Authenticator = (token: string) => Promise<CustomerIdentity | 'expired' | undefined>;

/** What the route's middlewares learn about a request, read by the handler. */
export interface RouteContext extends Context {
  /** Set once per invocation, before any middleware runs (route.ts). */
  correlationId: string;
  headers: Record<string, string>;
  /** The parsed JSON body; undefined when none was sent. */
  json: unknown;
  customer?: CustomerIdentity;
  staff?: StaffIdentity;
  input: { body: unknown; params: unknown; query: unknown };
}

/** What a route handler returns; `httpResponse` turns it into API Gateway's answer. */
export interface RouteResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A body in another media type than JSON (one of the spec's `alternatives`): `body` is its text, sent as is. */
  contentType?: string;
}

type Middleware = middy.MiddlewareObj<APIGatewayProxyEvent, HttpResponse, Error, RouteContext>;

/** Lower-cased request headers (API Gateway keeps the client's spelling). */
export function lowerHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

/**
 * The caller's X-Correlation-Id when it is a plausible id (it is logged and echoed,
 * so nothing else is trusted), otherwise API Gateway's request id.
 */
export function correlationIdOf(event: APIGatewayProxyEvent): string {
  const given = lowerHeaders(event)['x-correlation-id'];
  if (given && /^[\w.:-]{1,128}$/.test(given)) return given;
  return event.requestContext?.requestId ?? 'local';
}

/**
 * The charset a Content-Type names, lower-cased and unquoted; undefined when it names none.
 * (`application/json` has no charset parameter and is UTF-8 by RFC 8259; clients add one anyway.)
 */
export function charsetOf(contentType: string): string | undefined {
  for (const param of contentType.split(';').slice(1)) {
    const [name, ...value] = param.split('=');
    if (name?.trim().toLowerCase() === 'charset')
      return value
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
  }
  return undefined;
}

/**
 * Headers, and the body as JSON: at most 16 KiB, application/json (or +json) only,
 * in UTF-8 — a body declared in another charset is refused (415) rather than
 * misread as UTF-8 ("José" in latin1 would be stored as "Jos\uFFFD").
 */
export const jsonBody = (): Middleware => ({
  before: async ({ event, context }) => {
    context.headers = lowerHeaders(event);
    context.json = undefined;
    if (event.body === null || event.body === undefined || event.body === '') return;
    const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
    if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
    const type = (context.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json' && !/^application\/[\w.+-]*\+json$/.test(type))
      throw new UnsupportedMediaTypeError();
    const charset = charsetOf(context.headers['content-type'] ?? '');
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
      throw new UnsupportedMediaTypeError(`Send the body as UTF-8 JSON; charset=${charset} is not accepted.`);
    try {
      context.json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new BadRequestError('The body is not valid JSON.');
    }
  },
});

/**
 * A customer route: the OTP bearer token must name a customer. 401 `token_missing`
 * without one, `token_expired` past its expiry, `token_invalid` when unknown or revoked.
 */
export const customerAuth = (authenticate: Authenticator): Middleware => ({
  before: async ({ context }) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(context.headers.authorization ?? '')?.[1];
    if (!token) throw new TokenMissingError('A customer access token is required.');
    const customer = await authenticate(token);
    if (customer === 'expired') throw new TokenExpiredError('The access token has expired. Sign in again.');
    if (!customer) throw new TokenInvalidError('The access token is not valid. Sign in again.');
    context.customer = customer;
  },
});

/** A staff route: API Gateway's Cognito authorizer claims, and one of `groups` when given. */
export const staffAuth = (groups: readonly StaffGroup[] | undefined): Middleware => ({
  before: async ({ event, context }) => {
    const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
    if (!claims || typeof claims.sub !== 'string') throw new TokenMissingError('A staff token is required.');
    const staff = { sub: claims.sub, groups: parseGroupsClaim(claims['cognito:groups']) };
    if (groups?.length && !staff.groups.some((g) => groups.includes(g))) throw new ForbiddenError();
    context.staff = staff;
  },
});

/** Path parameters, query and body by the spec's schemas (a body on a route that takes none is a 400). */
export const validate = (spec: RouteSpec): Middleware => ({
  before: async ({ event, context }) => {
    if (!spec.body && context.json !== undefined) throw new BadRequestError('This route takes no body.');
    // Unknown query parameters are a 400 (API.md); a route without a query schema takes none.
    const unknownQuery = spec.query ? [] : Object.keys(event.queryStringParameters ?? {});
    if (unknownQuery.length)
      throw new ValidationError(unknownQuery.map((path) => ({ path, message: 'is not a known parameter' })));
    context.input = {
      params: spec.params ? parseOrThrow(spec.params, event.pathParameters ?? {}) : undefined,
      query: spec.query ? parseOrThrow(spec.query, event.queryStringParameters ?? {}) : undefined,
      body: spec.body ? parseOrThrow(spec.body, context.json ?? {}) : undefined,
    };
  },
});

const commonHeaders = (event: APIGatewayProxyEvent, context: RouteContext): Record<string, string> => ({
  'Cache-Control': 'no-store',
  'X-Correlation-Id': context.correlationId,
  ...corsHeaders(lowerHeaders(event).origin),
});

/** The handler's RouteResult as API Gateway's answer: JSON, no caching, CORS, the correlation id. */
export const httpResponse = (): Middleware => ({
  after: async (request) => {
    const result = request.response as unknown as RouteResult;
    const text = result.contentType !== undefined && typeof result.body === 'string';
    request.response = {
      statusCode: result.status ?? 200,
      headers: {
        ...(result.body === undefined
          ? {}
          : { 'Content-Type': text ? (result.contentType as string) : 'application/json' }),
        ...commonHeaders(request.event, request.context),
        // The answer depends on Accept: caches must key on it.
        ...(result.contentType !== undefined ? { Vary: 'Accept' } : {}),
        ...(result.headers ?? {}),
      },
      body: result.body === undefined ? '' : text ? (result.body as string) : JSON.stringify(result.body),
    };
  },
});

/** Any error as problem+json (http/problem.ts decides what a client sees); server errors are logged. */
export const problemResponses = (): Middleware => ({
  onError: async (request) => {
    const { error, event, context } = request;
    if (!isClientError(error))
      logger.error('request failed', {
        route: event.resource,
        method: event.httpMethod,
        error,
        stack: error instanceof Error ? error.stack : undefined,
      });
    const response = problemResponse(error, event.path);
    Object.assign(response.headers, commonHeaders(event, context));
    request.response = response;
  },
});

/** One access line per request: no headers, no body (they hold phone numbers and codes). */
export const accessLog = (): Middleware => {
  const log: middy.MiddlewareFn<APIGatewayProxyEvent, HttpResponse, Error, RouteContext> = async ({
    event,
    response,
  }) => {
    const started = event.requestContext?.requestTimeEpoch;
    logger.info('request', {
      method: event.httpMethod,
      route: event.resource,
      status: response?.statusCode ?? 500,
      ...(typeof started === 'number' ? { durationMs: Date.now() - started } : {}),
    });
  };
  return { after: log, onError: log };
};
