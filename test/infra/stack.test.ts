import { Match } from 'aws-cdk-lib/assertions';
import { ROUTES } from '../../lambdas/routes';
import { actionsOf, functionId, statementsOf, synthStack } from '../support/template';

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

describe('the CDK stack', () => {
  const { template, resources } = synthStack('dev');

  it('runs every function on Node.js 22 on arm64', () => {
    // Redress's functions, not CDK's BucketDeployment handler (which runs only during deploys).
    const functions = Object.entries(resources)
      .filter(
        ([id, r]) =>
          r.Type === 'AWS::Lambda::Function' &&
          String(r.Properties?.Handler ?? '').startsWith('index.') &&
          !id.startsWith('CustomCDKBucketDeployment'),
      )
      .map(([, r]) => r);
    expect(functions.length).toBeGreaterThanOrEqual(ROUTES.length + 2);
    for (const fn of functions) {
      expect(fn.Properties?.Runtime).toBe('nodejs22.x');
      expect(fn.Properties?.Architectures).toEqual(['arm64']);
    }
  });

  it('makes one function and one API method per route', () => {
    for (const route of ROUTES) {
      expect(() => functionId(resources, `fn${route.name.replace(/-/g, '')}Function`)).not.toThrow();
    }
    const methods = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.HttpMethod !== 'OPTIONS',
    );
    expect(methods).toHaveLength(ROUTES.length);
  });

  it.each(ROUTES.map((r) => [r.name, r] as const))(
    'gives %s no more table access than its route declares',
    (_name, route) => {
      const actions = actionsOf(
        statementsOf(resources, functionId(resources, `fn${route.name.replace(/-/g, '')}Function`)),
      );
      const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
      if (route.table === 'none') expect(dynamo).toEqual([]);
      if (route.table === 'read') {
        expect(dynamo).toContain('dynamodb:GetItem');
        for (const write of WRITE_ACTIONS) expect(dynamo).not.toContain(write);
      }
      if (route.table === 'readwrite')
        expect(dynamo).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem']));
      expect(dynamo).not.toContain('dynamodb:Scan');
      expect(actions.some((a) => a === 'sns:Publish')).toBe(
        Boolean(route.uses?.includes('sms') || route.uses?.includes('alerts')),
      );
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(
        Boolean(route.uses?.includes('otp-secret') || route.uses?.includes('cursor-secret')),
      );
      // Each secret only where the route names it: a list function cannot read the OTP key.
      const policy = JSON.stringify(
        statementsOf(resources, functionId(resources, `fn${route.name.replace(/-/g, '')}Function`)),
      );
      expect([/"OtpHmacKey\w+"/.test(policy), /"CursorKey\w+"/.test(policy)]).toEqual([
        Boolean(route.uses?.includes('otp-secret')),
        Boolean(route.uses?.includes('cursor-secret')),
      ]);
      expect(actions.includes('scheduler:CreateSchedule')).toBe(Boolean(route.uses?.includes('scheduler')));
    },
  );

  it('keeps the table with point-in-time recovery, encryption, TTL and every index of the design', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        GlobalSecondaryIndexes: Match.arrayWith([
          Match.objectLike({ IndexName: 'byPhone' }),
          Match.objectLike({ IndexName: 'byDeadline' }),
        ]),
      }),
    });
    const table = Object.values(resources).find((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(table?.Properties?.TableName).toBeUndefined();
  });

  it('lets the SMS-only OTP function publish to phone numbers but not to topics', () => {
    const statements = statementsOf(resources, functionId(resources, 'fnotprequestFunction'));
    expect(actionsOf(statements, 'Deny')).toContain('sns:Publish');
  });
});
