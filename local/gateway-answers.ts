import {
  BadRequestError,
  NotFoundError,
  PayloadTooLargeError,
  TokenInvalidError,
  TokenMissingError,
} from '../lambdas/errors';
import { ALLOWED_REQUEST_HEADERS, corsHeaders } from '../lambdas/http/cors';
import { type HttpResponse, problem, problemResponse } from '../lambdas/http/problem';

/**
 * What API Gateway answers by itself, before or instead of a function: the same
 * problem+json as the functions' (with `instance` = the request path) and their
 * CORS headers.
 */

/** Adds the functions' CORS headers for `origin` to one of the host's own answers. */
export function withCors(response: HttpResponse, origin: string | undefined): HttpResponse {
  return { ...response, headers: { ...response.headers, ...corsHeaders(origin) } };
}

/** No route for that method and path. */
export const noRoute = (method: string, path: string): HttpResponse =>
  problemResponse(new NotFoundError(`No route for ${method} ${path}.`), path);

/** A path that is not valid percent-encoding (e.g. `/grievances/%`): no route can match it. */
export const badPath = (path: string): HttpResponse =>
  problemResponse(new BadRequestError('The request path is not valid percent-encoding.'), path);

/**
 * The Cognito authorizer refused: no token (`token_missing`), or one the identity
 * provider does not know (`token_invalid`, with RFC 6750's `error="invalid_token"`).
 */
export const staffUnauthorized = (path: string, reason: 'missing' | 'invalid' = 'missing'): HttpResponse =>
  problemResponse(
    reason === 'missing'
      ? new TokenMissingError('A valid staff token is required.')
      : new TokenInvalidError('A valid staff token is required.'),
    path,
  );

/** A body over the gateway's own payload limit (the functions enforce a far smaller one). */
export const payloadTooLarge = (path: string, limit: number): HttpResponse =>
  problemResponse(new PayloadTooLargeError(limit), path);

/**
 * The function crashed or answered something that is not a response: a 502
 * that, like the functions' 500s, says nothing of what went wrong.
 */
export function badGateway(path: string): HttpResponse {
  const internal = problemResponse(new Error('the function failed'), path);
  return problem({ ...JSON.parse(internal.body), status: 502 });
}

/** The answer to a CORS preflight (as lib/constructs/api.ts configures it: defaultCorsPreflightOptions). */
export function preflight(origin: string | undefined): HttpResponse {
  return {
    statusCode: 204,
    headers: {
      ...corsHeaders(origin),
      'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
      'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS.join(','),
      'Access-Control-Max-Age': '600',
    },
    body: '',
  };
}
