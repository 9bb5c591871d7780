import type { APIGatewayProxyEvent } from 'aws-lambda';
import { resetConfig } from '../../lambdas/config';
import { httpRoute } from '../../lambdas/http/route';
import { defineRoute } from '../../lambdas/http/spec';
import { ROUTES } from '../../lambdas/routes';
import {
  authorize,
  bearerToken,
  cognitoClaims,
  type GatewayRequest,
  type GatewayRoute,
  lambdaContext,
  matchPath,
  matchRoute,
  proxyEvent,
} from '../../local/api-gateway-event';

const request = (overrides: Partial<GatewayRequest> = {}): GatewayRequest => ({
  method: 'GET',
  url: new URL('http://localhost/grievances/GRV-1'),
  headers: {},
  body: Buffer.alloc(0),
  remoteAddress: '127.0.0.1',
  ...overrides,
});

const get: GatewayRoute = { method: 'GET', path: '/grievances/{id}', auth: 'customer' };
const staffRoute: GatewayRoute = { method: 'GET', path: '/staff/grievances/{id}', auth: 'staff' };
const desk = { sub: 'desk-1', groups: ['grievance-desk', 'admin'] };
const findDesk = (token: string) => (token === 'good' ? desk : undefined);

describe('matchPath', () => {
  it('returns the path parameters of a matching resource path, decoded', () => {
    expect(matchPath('/grievances/{id}/feedback', '/grievances/GRV%2D7/feedback')).toEqual({ id: 'GRV-7' });
  });

  it('returns no parameters for a literal path that matches', () => {
    expect(matchPath('/health', '/health')).toEqual({});
  });

  it('refuses another literal, another number of segments and an empty parameter', () => {
    expect(matchPath('/health', '/healthz')).toBeUndefined();
    expect(matchPath('/grievances/{id}', '/grievances')).toBeUndefined();
    expect(matchPath('/grievances/{id}', '/grievances/GRV-1/feedback')).toBeUndefined();
    expect(matchPath('/grievances/{id}', '/grievances/')).toBeUndefined();
  });
});

describe('matchRoute', () => {
  it('picks the route of the method whose path matches', () => {
    const hit = matchRoute(ROUTES, 'POST', '/staff/grievances/GRV-1/responses');
    expect(hit?.route).toMatchObject({ method: 'POST', path: '/staff/grievances/{id}/responses' });
    expect(hit?.params).toEqual({ id: 'GRV-1' });
    expect(matchRoute(ROUTES, 'GET', '/grievances')?.route.path).toBe('/grievances');
    expect(matchRoute(ROUTES, 'POST', '/grievances')?.route.path).toBe('/grievances');
  });

  it('finds nothing for an unknown path or a method the path does not take', () => {
    expect(matchRoute(ROUTES, 'GET', '/nowhere')).toBeUndefined();
    expect(matchRoute(ROUTES, 'POST', '/health')).toBeUndefined();
    expect(matchRoute(ROUTES, 'DELETE', '/grievances/GRV-1')).toBeUndefined();
  });
});

describe('the Cognito authorizer', () => {
  it('puts every claim as a string and the groups as ONE comma-separated string', () => {
    expect(cognitoClaims(desk)).toEqual({
      sub: 'desk-1',
      'cognito:username': 'desk-1',
      'cognito:groups': 'grievance-desk,admin',
    });
    expect(cognitoClaims({ sub: 's', groups: [] })['cognito:groups']).toBe('');
  });

  it('lets a staff route through only with a known bearer token', () => {
    expect(authorize(staffRoute, { authorization: 'Bearer good' }, findDesk)).toEqual({
      authorizer: { claims: cognitoClaims(desk) },
    });
    expect(authorize(staffRoute, { authorization: 'bearer good' }, findDesk)).not.toBe('unauthorized');
    expect(authorize(staffRoute, { authorization: 'Bearer bad' }, findDesk)).toBe('unauthorized');
    expect(authorize(staffRoute, { authorization: 'good' }, findDesk)).toBe('unauthorized');
    expect(authorize(staffRoute, {}, findDesk)).toBe('unauthorized');
  });

  it('does not look at tokens on customer and public routes', () => {
    expect(authorize(get, { authorization: 'Bearer bad' }, findDesk)).toEqual({ authorizer: null });
    expect(authorize({ ...get, auth: 'none' }, {}, findDesk)).toEqual({ authorizer: null });
  });

  it('reads the token of a Bearer header only', () => {
    expect(bearerToken({ authorization: 'Bearer abc.def' })).toBe('abc.def');
    expect(bearerToken({ authorization: 'Basic abc' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });
});

describe('proxyEvent', () => {
  it('is the REST proxy event Lambda receives', () => {
    const event = proxyEvent(
      request({
        method: 'POST',
        url: new URL('http://localhost/staff/grievances/GRV%2D1/responses?x=1&y=2&x=3'),
        headers: { 'content-type': 'application/json', 'user-agent': 'curl/8', 'x-many': ['a', 'b'] },
        body: Buffer.from('{"message":"नमस्ते"}'),
        remoteAddress: '::ffff:10.0.0.7',
      }),
      {
        route: { ...staffRoute, method: 'POST', path: '/staff/grievances/{id}/responses' },
        params: { id: 'GRV-1' },
      },
      {
        functionName: 'staff-grievance-respond',
        authorizer: { claims: cognitoClaims(desk) },
        requestId: 'req-1',
        requestTimeEpoch: 1_700_000_000_000,
      },
    );
    const expected: APIGatewayProxyEvent = {
      resource: '/staff/grievances/{id}/responses',
      path: '/staff/grievances/GRV%2D1/responses',
      httpMethod: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'curl/8' },
      multiValueHeaders: {},
      queryStringParameters: { x: '3', y: '2' },
      multiValueQueryStringParameters: null,
      pathParameters: { id: 'GRV-1' },
      stageVariables: null,
      body: '{"message":"नमस्ते"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: {
          claims: { sub: 'desk-1', 'cognito:username': 'desk-1', 'cognito:groups': 'grievance-desk,admin' },
        },
        httpMethod: 'POST',
        path: '/staff/grievances/GRV%2D1/responses',
        protocol: 'HTTP/1.1',
        requestId: 'req-1',
        requestTimeEpoch: 1_700_000_000_000,
        resourceId: 'staff-grievance-respond',
        resourcePath: '/staff/grievances/{id}/responses',
        stage: 'local',
        identity: {
          sourceIp: '10.0.0.7',
          userAgent: 'curl/8',
        } as APIGatewayProxyEvent['requestContext']['identity'],
      },
    };
    expect(event).toEqual(expected);
  });

  it('has null query, path parameters and body when there are none', () => {
    const event = proxyEvent(
      request({ url: new URL('http://localhost/health'), remoteAddress: undefined }),
      { route: { method: 'GET', path: '/health', auth: 'none' }, params: {} },
      { functionName: 'health', authorizer: null },
    );
    expect(event).toMatchObject({
      queryStringParameters: null,
      pathParameters: null,
      body: null,
      requestContext: { authorizer: null, identity: { sourceIp: '127.0.0.1', userAgent: null } },
    });
    expect(typeof event.requestContext.requestId).toBe('string');
    expect(event.requestContext.requestTimeEpoch).toBeGreaterThan(0);
  });

  it('carries claims a staff handler reads as that member and their groups', async () => {
    // The route wrapper reads its configuration (CORS origins) from the environment.
    process.env.TABLE_NAME ??= 'unit-api-gateway-event';
    resetConfig();
    const spec = defineRoute({
      name: 'staff-probe',
      method: 'GET',
      path: '/staff/grievances/{id}',
      auth: 'staff',
      groups: ['grievance-desk'],
      summary: 'probe',
      tag: 'grievances',
      status: 200,
      table: 'none',
    });
    const handler = httpRoute(spec, async (req) => ({ body: req.staff }));
    const event = (token: string) =>
      proxyEvent(
        request({ url: new URL('http://localhost/staff/grievances/GRV-1') }),
        { route: staffRoute, params: { id: 'GRV-1' } },
        {
          functionName: 'staff-grievance-get',
          authorizer: (() => {
            const auth = authorize(staffRoute, { authorization: `Bearer ${token}` }, (t) =>
              t === 'desk' ? desk : t === 'centre' ? { sub: 'c-1', groups: ['service-centre'] } : undefined,
            );
            if (auth === 'unauthorized') throw new Error('refused');
            return auth.authorizer;
          })(),
        },
      );
    const ok = await handler(event('desk'), lambdaContext('staff-grievance-get'));
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ sub: 'desk-1', groups: ['grievance-desk', 'admin'] });
    const forbidden = await handler(event('centre'), lambdaContext('staff-grievance-get'));
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('lambdaContext', () => {
  it('names the function as Lambda would and gives each invocation its own request id', () => {
    const a = lambdaContext('grievance-get');
    const b = lambdaContext('grievance-get');
    expect(a).toMatchObject({
      functionName: 'local-grievance-get',
      invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:grievance-get',
      logGroupName: '/aws/lambda/local-grievance-get',
      callbackWaitsForEmptyEventLoop: false,
    });
    expect(a.awsRequestId).not.toBe(b.awsRequestId);
    expect(a.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(lambdaContext('health', 'id-1').awsRequestId).toBe('id-1');
  });
});
