import { Match } from 'aws-cdk-lib/assertions';
import { ROUTES } from '../../lambdas/routes';
import { INDEXES } from '../../lambdas/table';
import { actionsOf, functionId, statementsOf, synthStack } from '../support/template';

const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('the session, staff profile and list routes in the CDK stack', () => {
  const { template, resources } = synthStack('dev');
  const fnOf = (name: string) => functionId(resources, `fn${name.replace(/-/g, '')}Function`);
  const actions = (name: string) => actionsOf(statementsOf(resources, fnOf(name)));
  const methodOf = (name: string) => {
    const methods = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.OperationName === name,
    );
    expect(methods).toHaveLength(1);
    return methods[0]?.Properties ?? {};
  };

  it('routes each new path and method', () => {
    const routes = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    for (const route of [
      'GET /session',
      'POST /session/logout',
      'GET /service-orders',
      'GET /staff/service-orders',
      'GET /staff/me',
    ])
      expect(routes).toContain(route);
    for (const name of ['session-get', 'session-logout', 'service-order-list', 'staff-me'])
      expect(methodOf(name).HttpMethod).toBe(name === 'session-logout' ? 'POST' : 'GET');
  });

  it('lets logout delete (revoke) a token, while GET /session only reads', () => {
    expect(actions('session-logout')).toContain('dynamodb:DeleteItem');
    for (const write of WRITES) expect(actions('session-get')).not.toContain(write);
    expect(actions('session-get')).toContain('dynamodb:GetItem');
    for (const name of ['session-get', 'session-logout'])
      expect(actions(name)).not.toContain('secretsmanager:GetSecretValue');
  });

  it('gives GET /staff/me no table, secret or SNS access, behind the Cognito authorizer', () => {
    expect(actions('staff-me').filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(actions('staff-me')).not.toContain('secretsmanager:GetSecretValue');
    expect(methodOf('staff-me').AuthorizationType).toBe('COGNITO_USER_POOLS');
  });

  it.each(['grievance-list', 'staff-grievance-list', 'staff-service-order-list'])(
    'lets %s read the table and the secret its cursor key derives from, but write nothing',
    (name) => {
      const granted = actions(name);
      expect(granted).toEqual(expect.arrayContaining(['dynamodb:Query', 'secretsmanager:GetSecretValue']));
      for (const write of WRITES) expect(granted).not.toContain(write);
      expect(granted).not.toContain('dynamodb:Scan');
      expect(resources[fnOf(name)]?.Properties?.Layers).toBeDefined(); // the secrets extension
    },
  );

  it('builds the byParent index from the table design, keyed by two string attributes', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: INDEXES.queue.name }),
        Match.objectLike({
          IndexName: INDEXES.byParent.name,
          KeySchema: [
            { AttributeName: 'parentPk', KeyType: 'HASH' },
            { AttributeName: 'parentSk', KeyType: 'RANGE' },
          ],
        }),
      ]),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'parentPk', AttributeType: 'S' },
        { AttributeName: 'parentSk', AttributeType: 'S' },
      ]),
    });
  });
});
