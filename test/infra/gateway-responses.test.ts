import { PROBLEM_CODES } from '../../lambdas/errors';
import { actionsOf, functionId, statementsOf, synthStack } from '../support/template';

type Resource = { Type: string; Properties?: Record<string, unknown> };

describe("API Gateway's own answers (gateway responses) as the functions' problems", () => {
  const { resources } = synthStack('dev');
  const responses = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse');
  const byType = (type: string): Resource => {
    const found = responses.find((r) => r.Properties?.ResponseType === type);
    if (!found) throw new Error(`no gateway response ${type}`);
    return found;
  };
  const bodyOf = (r: Resource) =>
    JSON.parse(
      (r.Properties?.ResponseTemplates as Record<string, string> | undefined)?.['application/json'] ?? '{}',
    ) as Record<string, unknown>;
  const headersOf = (r: Resource) => r.Properties?.ResponseParameters as Record<string, string>;

  it('answers every one with {type,title,status,detail,instance,code}, instance the request path', () => {
    expect(responses.length).toBeGreaterThanOrEqual(10);
    for (const r of responses) {
      const body = bodyOf(r);
      expect(Object.keys(body).slice(0, 6)).toEqual([
        'type',
        'title',
        'status',
        'detail',
        'instance',
        'code',
      ]);
      expect(body.instance).toBe('$context.path');
      expect(PROBLEM_CODES).toContain(body.code);
      expect(String(body.status)).toBe(r.Properties?.StatusCode);
      expect(headersOf(r)).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.Access-Control-Expose-Headers': "'Retry-After, X-Correlation-Id'",
      });
    }
  });

  it('gives each the code of API.md', () => {
    const codes = Object.fromEntries(responses.map((r) => [r.Properties?.ResponseType, bodyOf(r).code]));
    expect(codes).toMatchObject({
      MISSING_AUTHENTICATION_TOKEN: 'not_found',
      UNAUTHORIZED: 'token_invalid',
      ACCESS_DENIED: 'forbidden',
      THROTTLED: 'rate_limited',
      WAF_FILTERED: 'forbidden',
      REQUEST_TOO_LARGE: 'body_too_large',
      UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
      BAD_REQUEST_BODY: 'invalid_request',
      BAD_REQUEST_PARAMETERS: 'invalid_request',
      DEFAULT_5XX: 'internal',
    });
  });

  it("answers the authorizer's 401 with an RFC 6750 challenge naming invalid_token", () => {
    expect(headersOf(byType('UNAUTHORIZED'))['gatewayresponse.header.WWW-Authenticate']).toMatch(
      /^'Bearer error="invalid_token"/,
    );
  });

  it('answers throttling with Retry-After and the same retryAfterSeconds in the body', () => {
    const throttled = byType('THROTTLED');
    expect(headersOf(throttled)['gatewayresponse.header.Retry-After']).toBe("'1'");
    expect(bodyOf(throttled).retryAfterSeconds).toBe(1);
  });

  it('lets browsers read Retry-After and X-Correlation-Id on function answers (preflight config)', () => {
    const options = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.HttpMethod === 'OPTIONS',
    );
    expect(options.length).toBeGreaterThan(0);
    const integration = options[0]?.Properties?.Integration as {
      IntegrationResponses: { ResponseParameters: Record<string, string> }[];
    };
    expect(integration.IntegrationResponses[0]?.ResponseParameters).toMatchObject({
      'method.response.header.Access-Control-Expose-Headers': "'Retry-After,X-Correlation-Id'",
    });
  });

  it('lets the health function read the table (one GetItem) and nothing more', () => {
    const actions = actionsOf(statementsOf(resources, functionId(resources, 'fnhealthFunction')));
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions.filter((a) => a.startsWith('dynamodb:') && /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });
});
