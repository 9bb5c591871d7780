import { NotFoundError, PayloadTooLargeError, UnauthorizedError } from '../lambdas/errors';
import { corsHeaders } from '../lambdas/http/cors';
import { type HttpResponse, problemResponse } from '../lambdas/http/problem';

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

/** The Cognito authorizer refused: no token, or one the identity provider does not know. */
export const staffUnauthorized = (path: string): HttpResponse =>
  problemResponse(new UnauthorizedError('A valid staff token is required.'), path);

/** A body over the gateway's own payload limit (the functions enforce a far smaller one). */
export const payloadTooLarge = (path: string, limit: number): HttpResponse =>
  problemResponse(new PayloadTooLargeError(limit), path);

/**
 * The function crashed or answered something that is not a response: a 502
 * that, like the functions' 500s, says nothing of what went wrong.
 */
export function badGateway(path: string): HttpResponse {
  const internal = problemResponse(new Error('the function failed'), path);
  return {
    ...internal,
    statusCode: 502,
    body: JSON.stringify({ ...JSON.parse(internal.body), status: 502 }),
  };
}

/** The answer to a CORS preflight (as lib/constructs/api.ts configures it: defaultCorsPreflightOptions). */
export function preflight(origin: string | undefined): HttpResponse {
  return {
    statusCode: 204,
    headers: {
      ...corsHeaders(origin),
      'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type,Authorization,Idempotency-Key,X-Correlation-Id',
      'Access-Control-Max-Age': '600',
    },
    body: '',
  };
}
