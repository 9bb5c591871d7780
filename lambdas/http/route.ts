import middy from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { config } from '../config';
import { parseGroupsClaim, type StaffGroup, type StaffIdentity } from '../domain/staff';
import {
  BadRequestError,
  ForbiddenError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '../errors';
import { logger, withLogContext } from '../logger';
import { type HttpResponse, problemResponse } from './problem';
import { parseOrThrow } from './validate';

export const MAX_BODY_BYTES = 16 * 1024;

export interface CustomerIdentity {
  phone: string;
}

export interface RouteRequest<B, P, Q> {
  body: B;
  path: P;
  query: Q;
  headers: Record<string, string>;
  sourceIp: string;
  correlationId: string;
  customer: CustomerIdentity | undefined;
  staff: StaffIdentity | undefined;
  rawBody: string | undefined;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Authenticator = (token: string) => Promise<CustomerIdentity | undefined>;

export interface RouteOptions<B, P, Q> {
  /** `customer`: an OTP bearer token checked by `authenticate`; `staff`: API Gateway's Cognito claims. */
  auth: 'none' | 'customer' | 'staff';
  authenticate?: Authenticator;
  /** Staff groups allowed (any of); empty means any authenticated staff member. */
  groups?: readonly StaffGroup[];
  body?: z.ZodMiniType<B>;
  path?: z.ZodMiniType<P>;
  query?: z.ZodMiniType<Q>;
  handler: (request: RouteRequest<B, P, Q>) => Promise<RouteResult>;
}

type Ctx = { request?: RouteRequest<unknown, unknown, unknown> };

function lowerHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

export function corsHeaders(origin: string | undefined): Record<string, string> {
  const allowed = config().CORS_ALLOWED_ORIGINS;
  if (allowed.includes('*')) return { 'Access-Control-Allow-Origin': '*' };
  if (origin && allowed.includes(origin)) return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  return { Vary: 'Origin' };
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

function readBody(event: APIGatewayProxyEvent, headers: Record<string, string>): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !/^application\/[\w.+-]*\+json$/.test(type))
    throw new UnsupportedMediaTypeError();
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequestError('The body is not valid JSON.');
  }
}

function bearer(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/**
 * One HTTP route as a Lambda handler: guard the body (16 KiB, JSON only), parse
 * it, authenticate, validate path/query/body with zod, run the handler, answer
 * JSON — or problem+json for any error, with CORS headers either way.
 */
export function httpRoute<B = undefined, P = undefined, Q = undefined>(options: RouteOptions<B, P, Q>) {
  const guard: middy.MiddlewareObj<APIGatewayProxyEvent, HttpResponse, Error, Context & Ctx> = {
    before: async (request) => {
      const event = request.event;
      const headers = lowerHeaders(event);
      const correlationId = correlationIdOf(event);
      const rawJson = readBody(event, headers);
      let customer: CustomerIdentity | undefined;
      let staff: StaffIdentity | undefined;
      if (options.auth === 'customer') {
        const token = bearer(headers);
        customer = token && options.authenticate ? await options.authenticate(token) : undefined;
        if (!customer) throw new UnauthorizedError('A valid customer access token is required.');
      } else if (options.auth === 'staff') {
        const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
        if (!claims || typeof claims.sub !== 'string')
          throw new UnauthorizedError('A staff token is required.');
        staff = { sub: claims.sub, groups: parseGroupsClaim(claims['cognito:groups']) };
        const needed = options.groups ?? [];
        if (needed.length > 0 && !staff.groups.some((g) => needed.includes(g))) throw new ForbiddenError();
      }
      const path = options.path ? parseOrThrow(options.path, event.pathParameters ?? {}) : undefined;
      const query = options.query
        ? parseOrThrow(options.query, event.queryStringParameters ?? {})
        : undefined;
      const body = options.body
        ? parseOrThrow(options.body, rawJson === undefined ? {} : rawJson)
        : rawJson === undefined
          ? undefined
          : (() => {
              throw new BadRequestError('This route takes no body.');
            })();
      request.context.request = {
        body,
        path,
        query,
        headers,
        sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
        correlationId,
        customer,
        staff,
        rawBody: event.body ?? undefined,
      };
    },
    after: async (request) => {
      logRequest(request.event, request.response?.statusCode ?? 200);
    },
    onError: async (request) => {
      const error = request.error;
      const status = error && 'status' in error ? Number((error as { status: unknown }).status) : 500;
      if (!(status < 500)) {
        logger.error('request failed', {
          route: request.event.resource,
          method: request.event.httpMethod,
          error,
          stack: error instanceof Error ? error.stack : undefined,
        });
      }
      const response = problemResponse(error, request.event.path);
      logRequest(request.event, response.statusCode);
      Object.assign(response.headers, corsHeaders(lowerHeaders(request.event).origin), {
        'X-Correlation-Id': correlationIdOf(request.event),
      });
      request.response = response;
    },
  };

  const handler = middy<APIGatewayProxyEvent, HttpResponse, Error, Context & Ctx>()
    .use(guard)
    .handler(async (event, context) => {
      const req = context.request as RouteRequest<B, P, Q>;
      const result = await options.handler(req);
      const status = result.status ?? 200;
      return {
        statusCode: status,
        headers: {
          ...(result.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          'Cache-Control': 'no-store',
          'X-Correlation-Id': req.correlationId,
          ...corsHeaders(event.headers?.origin ?? event.headers?.Origin ?? undefined),
          ...(result.headers ?? {}),
        },
        body: result.body === undefined ? '' : JSON.stringify(result.body),
      };
    });
  // Every line logged while the request runs carries its correlation id.
  return (event: APIGatewayProxyEvent, context: Context): Promise<HttpResponse> =>
    withLogContext({ correlationId: correlationIdOf(event) }, () => handler(event, context as Context & Ctx));
}

/** One access line per request: no headers, no body (they hold phone numbers and codes). */
function logRequest(event: APIGatewayProxyEvent, status: number): void {
  const started = event.requestContext?.requestTimeEpoch;
  logger.info('request', {
    method: event.httpMethod,
    route: event.resource,
    status,
    ...(typeof started === 'number' ? { durationMs: Date.now() - started } : {}),
  });
}
