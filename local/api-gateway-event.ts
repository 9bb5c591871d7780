import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/**
 * API Gateway (REST API, Lambda proxy integration) as the local host plays it:
 * which route a request matches, whether the Cognito authorizer lets it through,
 * and the exact event and context the function receives. Pure: no sockets, no
 * state; the host reads the request off the wire and hands it here.
 */

/** What the host read off the wire. */
export interface GatewayRequest {
  /** Upper-case HTTP method. */
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The socket's peer address (`::ffff:`-mapped IPv4 is fine). */
  remoteAddress: string | undefined;
}

/** The part of a route the gateway itself looks at. */
export interface GatewayRoute {
  method: string;
  /** Resource path, e.g. /grievances/{id}. */
  path: string;
  auth: 'none' | 'customer' | 'staff';
}

export interface RouteMatch<R extends GatewayRoute> {
  route: R;
  params: Record<string, string>;
}

/** A staff member as the identity provider knows them. */
export interface StaffPrincipal {
  sub: string;
  groups: readonly string[];
}

type Authorizer = APIGatewayProxyEvent['requestContext']['authorizer'];

/** Matches a request path against an API Gateway resource path; returns its path parameters. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] ?? '';
    const actual = p[i] ?? '';
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (!actual) return undefined;
      params[seg.slice(1, -1)] = decodeURIComponent(actual);
    } else if (seg !== actual) return undefined;
  }
  return params;
}

/** The route for `method` whose resource path matches `path`, or undefined (API Gateway's 404). */
export function matchRoute<R extends GatewayRoute>(
  routes: readonly R[],
  method: string,
  path: string,
): RouteMatch<R> | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

/** The token of an `Authorization: Bearer …` header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
}

/**
 * The claims API Gateway's Cognito user-pool authorizer puts in
 * `requestContext.authorizer.claims`: every value a string, and `cognito:groups`
 * ONE comma-separated string, not an array.
 */
export function cognitoClaims(staff: StaffPrincipal): Record<string, string> {
  return { sub: staff.sub, 'cognito:username': staff.sub, 'cognito:groups': staff.groups.join(',') };
}

/**
 * The Cognito authorizer: a staff route needs a token the identity provider
 * knows, or the function is never called (`'unauthorized'`); other routes pass
 * with no authorizer context (customer tokens are checked by the function).
 */
export function authorize(
  route: GatewayRoute,
  headers: IncomingHttpHeaders,
  findStaff: (token: string) => StaffPrincipal | undefined,
): { authorizer: Authorizer } | 'unauthorized' {
  if (route.auth !== 'staff') return { authorizer: null };
  const token = bearerToken(headers);
  const staff = token ? findStaff(token) : undefined;
  return staff ? { authorizer: { claims: cognitoClaims(staff) } } : 'unauthorized';
}

export interface EventOptions {
  /** The function's name (its resource id in this stand-in). */
  functionName: string;
  authorizer: Authorizer;
  requestId?: string;
  /** When the gateway received the request (ms since the epoch); the handlers log durations from it. */
  requestTimeEpoch?: number;
}

/** The REST proxy event Lambda receives for `request` on `match`. */
export function proxyEvent<R extends GatewayRoute>(
  request: GatewayRequest,
  match: RouteMatch<R>,
  options: EventOptions,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers[k] = v;
  const query: Record<string, string> = {};
  request.url.searchParams.forEach((v, k) => {
    query[k] = v;
  });
  const path = request.url.pathname;
  return {
    resource: match.route.path,
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders: {},
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: null,
    pathParameters: Object.keys(match.params).length ? match.params : null,
    stageVariables: null,
    body: request.body.length ? request.body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: options.authorizer,
      httpMethod: request.method,
      path,
      protocol: 'HTTP/1.1',
      requestId: options.requestId ?? randomUUID(),
      requestTimeEpoch: options.requestTimeEpoch ?? Date.now(),
      resourceId: options.functionName,
      resourcePath: match.route.path,
      stage: 'local',
      identity: {
        sourceIp: (request.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? null,
      } as APIGatewayProxyEvent['requestContext']['identity'],
    },
  };
}

/** The Lambda context of one invocation of `functionName`. */
export function lambdaContext(functionName: string, awsRequestId: string = randomUUID()): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/local-${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
