import middy from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { StaffIdentity } from '../domain/staff';
import { withLogContext } from '../logger';
import { clientAddress } from './client-address';
import {
  type Authenticator,
  accessLog,
  type CustomerIdentity,
  correlationIdOf,
  customerAuth,
  httpResponse,
  jsonBody,
  problemResponses,
  type RouteContext,
  type RouteResult,
  staffAuth,
  validate,
} from './middlewares';
import { expectedOriginVerify } from './origin-verify';
import type { HttpResponse } from './problem';
import type { RouteAuth, RouteSpec } from './spec';

/** The caller, as the route's `auth` guarantees it: no `?` to cope with. */
type Caller<A extends RouteAuth> = A extends 'customer'
  ? { customer: CustomerIdentity }
  : A extends 'staff'
    ? { staff: StaffIdentity }
    : unknown;

/** A request as a route's handler sees it, typed by its spec. */
export type RouteRequest<A extends RouteAuth, B, P, Q> = {
  body: B;
  params: P;
  query: Q;
  /** Lower-cased. */
  headers: Record<string, string>;
  /**
   * The client's IP address: the viewer's, as CloudFront saw it, on requests that verifiably came
   * through the distribution; otherwise API Gateway's source IP (client-address.ts).
   */
  sourceIp: string;
  correlationId: string;
} & Caller<A>;

export type RouteHandler<A extends RouteAuth, B, P, Q> = (
  request: RouteRequest<A, B, P, Q>,
) => Promise<RouteResult>;

/** A customer route needs the token check; other routes take none. */
type AuthArgs<A extends RouteAuth> = A extends 'customer' ? [authenticate: Authenticator] : [];

/**
 * One HTTP route as a Lambda handler, by its spec: middlewares first, the
 * handler last. Access log → problem+json for any error → JSON answer →
 * body guard → authentication → validation → handler.
 */
export function httpRoute<A extends RouteAuth, B, P, Q>(
  spec: RouteSpec<A, B, P, Q>,
  handler: RouteHandler<A, B, P, Q>,
  ...[authenticate]: AuthArgs<A>
) {
  const chain = middy<APIGatewayProxyEvent, HttpResponse, Error, RouteContext>()
    .use(accessLog())
    .use(problemResponses())
    .use(httpResponse())
    .use(jsonBody());
  if (spec.auth === 'customer') {
    if (!authenticate) throw new Error(`${spec.name}: a customer route needs an authenticator`);
    chain.use(customerAuth(authenticate));
  }
  if (spec.auth === 'staff') chain.use(staffAuth(spec.groups));
  chain.use(validate(spec as RouteSpec));
  const run = chain.handler(async (event, context) => {
    const request = {
      body: context.input.body as B,
      params: context.input.params as P,
      query: context.input.query as Q,
      headers: context.headers,
      sourceIp: clientAddress({
        headers: event.headers,
        sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
        expectedOriginVerify: spec.uses?.includes('client-address')
          ? await expectedOriginVerify()
          : undefined,
      }),
      correlationId: context.correlationId,
      ...(context.customer ? { customer: context.customer } : {}),
      ...(context.staff ? { staff: context.staff } : {}),
    } as RouteRequest<A, B, P, Q>;
    // httpResponse() turns the RouteResult into API Gateway's answer.
    return (await handler(request)) as unknown as HttpResponse;
  });
  // The correlation id, computed once: on every log line while the request runs, and in the context.
  return (event: APIGatewayProxyEvent, context: Context): Promise<HttpResponse> => {
    const correlationId = correlationIdOf(event);
    return withLogContext({ correlationId }, () =>
      run(event, Object.assign(context, { correlationId }) as RouteContext),
    );
  };
}
