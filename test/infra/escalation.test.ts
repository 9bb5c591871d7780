import { Match } from 'aws-cdk-lib/assertions';
import { ROUTES } from '../../lambdas/routes';
import { actionsOf, functionId, statementsOf, synthStack } from '../support/template';

type Resource = { Type: string; Properties?: Record<string, unknown> };

const idOf = (resources: Record<string, Resource>, type: string, prefix = ''): string => {
  const ids = Object.keys(resources).filter((id) => resources[id]?.Type === type && id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0] as string;
};

describe('the escalation plumbing in the CDK stack', () => {
  const { template, resources } = synthStack('dev');
  const groupId = idOf(resources, 'AWS::Scheduler::ScheduleGroup');
  // The schedules' dead-letter queue (the SMS queue and its dead letters are sms-queue.test.ts's).
  const queueId = idOf(resources, 'AWS::SQS::Queue', 'Escalation');
  const lambdaFunctions = Object.keys(resources).filter(
    (id) =>
      resources[id]?.Type === 'AWS::Lambda::Function' && /Fn|fn/.test(id) && !/LogRetention|Custom/.test(id),
  );

  it('has a schedule group without a fixed name', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    expect(resources[groupId]?.Properties?.Name).toBeUndefined();
  });

  it('lets only EventBridge Scheduler of this account and this group assume the scheduler role', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [groupId, 'Arn'] } },
            },
          },
        ],
      },
    });
  });

  it('grants iam:PassRole (to Scheduler only) exactly to the functions that create schedules', () => {
    const schedulers = new Set([
      ...ROUTES.filter((r) => r.uses?.includes('scheduler')).map((r) =>
        functionId(resources, `fn${r.name.replace(/-/g, '')}Function`),
      ),
      functionId(resources, 'EscalationFn'),
      functionId(resources, 'SweeperFn'),
    ]);
    expect(schedulers.size).toBeGreaterThanOrEqual(6);
    expect(lambdaFunctions.length).toBeGreaterThanOrEqual(ROUTES.length + 2);
    for (const fn of lambdaFunctions) {
      const statements = statementsOf(resources, fn);
      const actions = actionsOf(statements);
      expect([fn, actions.includes('iam:PassRole')]).toEqual([fn, schedulers.has(fn)]);
      expect([fn, actions.includes('scheduler:CreateSchedule')]).toEqual([fn, schedulers.has(fn)]);
      for (const s of statements.filter((x) => x.Action === 'iam:PassRole')) {
        expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
        expect(JSON.stringify(s.Resource)).toContain('SchedulerRole');
      }
    }
  });

  it('gives the escalation and sweeper functions the table, alerts, SMS and scheduling — and no Scan', () => {
    for (const name of ['EscalationFn', 'SweeperFn']) {
      const actions = actionsOf(statementsOf(resources, functionId(resources, name)));
      expect(actions).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'sns:Publish']),
      );
      expect(actions).not.toContain('dynamodb:Scan');
    }
  });

  it('runs the sweeper on a schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: Match.arrayWith([
        Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(resources, 'SweeperFn'), 'Arn'] } }),
      ]),
    });
  });

  it('lets the scheduler role invoke the escalation function and send to the dead-letter queue', () => {
    const roleId = Object.keys(resources).find(
      (id) =>
        resources[id]?.Type === 'AWS::IAM::Role' &&
        JSON.stringify(resources[id]?.Properties?.AssumeRolePolicyDocument).includes(
          'scheduler.amazonaws.com',
        ),
    );
    const policies = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles ?? []).includes(String(roleId)),
    );
    const actions = policies.flatMap((p) =>
      (
        (p.Properties?.PolicyDocument as { Statement?: { Action: string | string[] }[] } | undefined)
          ?.Statement ?? []
      ).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
    );
    expect(actions).toEqual(expect.arrayContaining(['lambda:InvokeFunction', 'sqs:SendMessage']));
  });

  it('enforces TLS on the dead-letter queue and alarms as soon as it holds a message', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
    });
  });

  it('encrypts every alert topic with KMS and refuses publishes without TLS', () => {
    const topics = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::SNS::Topic');
    expect(topics).toHaveLength(4);
    for (const id of topics) {
      expect(resources[id]?.Properties?.KmsMasterKeyId).toBeDefined();
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('puts the Cognito authorizer on every /staff method and on no customer method', () => {
    const authorizerId = idOf(resources, 'AWS::ApiGateway::Authorizer');
    expect(resources[authorizerId]?.Properties?.Type).toBe('COGNITO_USER_POOLS');
    const methods = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.HttpMethod !== 'OPTIONS',
    );
    const byOperation = new Map(methods.map((m) => [String(m.Properties?.OperationName), m]));
    for (const route of ROUTES) {
      const method = byOperation.get(route.name);
      expect(method).toBeDefined();
      if (route.path.startsWith('/staff')) {
        expect(route.auth).toBe('staff');
        expect(method?.Properties).toMatchObject({
          AuthorizationType: 'COGNITO_USER_POOLS',
          AuthorizerId: { Ref: authorizerId },
        });
      } else {
        expect(method?.Properties?.AuthorizationType).toBe('NONE');
      }
    }
  });

  it('has a user pool with the four groups plus admin', () => {
    const groups = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup')
      .map((r) => r.Properties?.GroupName)
      .sort();
    expect(groups).toEqual([
      'admin',
      'customer-service-head',
      'grievance-desk',
      'president-office',
      'service-centre',
    ]);
  });
});
