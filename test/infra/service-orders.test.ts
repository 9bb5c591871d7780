import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ROUTES } from '../../lambdas/routes';
import { RedressStack } from '../../lib/redress-stack';
import { STAGES } from '../../lib/stage-config';
import { actionsOf, functionId, statementsOf } from '../support/template';

type Resource = { Type: string; Properties?: Record<string, unknown> };

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const SERVICE_ORDER_HANDLERS = [
  'service-order-get',
  'service-order-list',
  'staff-service-order-create',
  'staff-service-order-get',
  'staff-service-order-list',
  'staff-service-order-status',
];

describe('the service-order functions in the CDK stack', () => {
  const stack = new RedressStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'T', {
    config: STAGES.dev,
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const fnOf = (handler: string) => functionId(resources, `fn${handler.replace(/-/g, '')}Function`);
  const methodOf = (handler: string) => {
    const methods = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.OperationName === handler,
    );
    expect(methods).toHaveLength(1);
    return methods[0]?.Properties ?? {};
  };

  it('lists every service-order route in the one route list', () => {
    const routes = ROUTES.filter((r) => r.tag === 'service-orders');
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /service-orders',
      'GET /service-orders/{id}',
      'GET /staff/service-orders',
      'GET /staff/service-orders/{id}',
      'POST /staff/service-orders',
      'POST /staff/service-orders/{id}/status',
    ]);
    expect(routes.map((r) => r.name).sort()).toEqual(SERVICE_ORDER_HANDLERS);
  });

  it.each(SERVICE_ORDER_HANDLERS)('runs %s on Node.js 22 on arm64', (handler) => {
    const fn = resources[fnOf(handler)];
    expect(fn?.Properties?.Runtime).toBe('nodejs22.x');
    expect(fn?.Properties?.Architectures).toEqual(['arm64']);
  });

  it.each(['service-order-get', 'service-order-list', 'staff-service-order-get', 'staff-service-order-list'])(
    'gives %s read access to the table and nothing that writes or sends',
    (handler) => {
      const actions = actionsOf(statementsOf(resources, fnOf(handler)));
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      for (const write of WRITE_ACTIONS) expect(actions).not.toContain(write);
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions).not.toContain('sns:Publish');
    },
  );

  it.each(['staff-service-order-create', 'staff-service-order-status'])(
    'lets %s write the table and queue SMS (not send them itself), but not scan',
    (handler) => {
      const actions = actionsOf(statementsOf(resources, fnOf(handler)));
      expect(actions).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'sqs:SendMessage']),
      );
      expect(actions).not.toContain('sns:Publish');
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions).not.toContain('secretsmanager:GetSecretValue');
    },
  );

  it.each([
    'staff-service-order-create',
    'staff-service-order-get',
    'staff-service-order-list',
    'staff-service-order-status',
  ])('guards %s with the Cognito authorizer of the staff user pool', (handler) => {
    const method = methodOf(handler);
    expect(method.AuthorizationType).toBe('COGNITO_USER_POOLS');
    const ref = (method.AuthorizerId as { Ref?: string } | undefined)?.Ref ?? '';
    expect(resources[ref]?.Type).toBe('AWS::ApiGateway::Authorizer');
    expect(resources[ref]?.Properties?.Type).toBe('COGNITO_USER_POOLS');
  });

  it.each(['service-order-get', 'service-order-list'])(
    'leaves the customer route %s to its own OTP token check, without the Cognito authorizer',
    (handler) => {
      const method = methodOf(handler);
      expect(method.AuthorizationType).toBe('NONE');
      expect(method.AuthorizerId).toBeUndefined();
    },
  );

  it('lets the staff list query the list indexes by name, and read the cursor key secret', () => {
    const statements = statementsOf(resources, fnOf('staff-service-order-list'));
    const dynamo = statements.find((s) => ([] as string[]).concat(s.Action).includes('dynamodb:Query'));
    const arns = JSON.stringify(dynamo?.Resource);
    for (const index of ['queue', 'byParent', 'byPhone', 'byImei', 'bySerial', 'byPurchaseOrder'])
      expect(arns).toContain(`/index/${index}`);
    expect(arns).not.toContain('/index/*');
    expect(actionsOf(statements)).toContain('secretsmanager:GetSecretValue');
  });

  it('declares the staff list query parameters on its method (optional), and no others', () => {
    const params = methodOf('staff-service-order-list').RequestParameters as Record<string, boolean>;
    expect(params).toEqual({
      'method.request.querystring.status': false,
      'method.request.querystring.serviceCentre': false,
      'method.request.querystring.q': false,
      'method.request.querystring.limit': false,
      'method.request.querystring.cursor': false,
    });
  });
});
