import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { customerGrievanceBody } from '../../lambdas/schemas/grievance';
import { COUNTED_BODY_RULES } from '../../lib/constructs/protection';
import { STAGES } from '../../lib/stage-config';
import { synthStack } from '../support/template';

type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] };
type Resources = Record<string, Resource>;

const ofType = (resources: Resources, type: string): [string, Resource][] =>
  Object.entries(resources).filter(([, r]) => r.Type === type);
const text = (value: unknown) => JSON.stringify(value) ?? '';
type Statement = Record<string, unknown>;
const statementsOf = (policy: Resource | undefined): Statement[] =>
  (policy?.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [];

describe.each(['dev', 'prod'] as const)('operations (%s)', (stage) => {
  const { resources } = synthStack(stage);
  const alarms = ofType(resources, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});

  it('selects every function metric by service and stage, and names the stage in every alarm', () => {
    const emf = alarms.filter((a) => text(a).includes('"Namespace":"Redress"'));
    expect(emf.length).toBeGreaterThanOrEqual(3);
    for (const alarm of emf) {
      expect(text(alarm)).toContain(`{"Name":"stage","Value":"${stage}"}`);
      expect(text(alarm)).toContain('{"Name":"service","Value":"redress"}');
    }
    for (const alarm of alarms)
      expect(String(alarm.AlarmDescription)).toMatch(new RegExp(`^\\[${stage}\\] `));
  });

  it('alarms on deadlines or reminders that could not be scheduled and on team alerts that could not be sent', () => {
    for (const name of ['ScheduleFailed', 'AlertFailed']) {
      const found = alarms.filter((a) => a.MetricName === name);
      expect([name, found.length]).toEqual([name, 1]);
      expect(found[0]).toMatchObject({
        Namespace: 'Redress',
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: expect.arrayContaining([{ Name: 'stage', Value: stage }]),
      });
    }
  });

  it("owns API Gateway's execution-log group for the stage, with retention, before the stage writes to it", () => {
    const [restApiId] = ofType(resources, 'AWS::ApiGateway::RestApi')[0] ?? [];
    const [groupId, group] =
      ofType(resources, 'AWS::Logs::LogGroup').find(([, g]) =>
        text(g.Properties?.LogGroupName).includes('API-Gateway-Execution-Logs_'),
      ) ?? [];
    expect(group?.Properties?.LogGroupName).toEqual({
      'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: restApiId }, `/${stage}`]],
    });
    expect(group?.Properties?.RetentionInDays).toBe(stage === 'prod' ? 90 : 7);
    const [, apiStage] = ofType(resources, 'AWS::ApiGateway::Stage')[0] ?? [];
    expect(apiStage?.DependsOn).toContain(groupId);
  });

  it("limits the staff console's app client to the code grant, returning to the console on the distribution", () => {
    const [[, client]] = ofType(resources, 'AWS::Cognito::UserPoolClient') as [[string, Resource]];
    const [[distributionId]] = ofType(resources, 'AWS::CloudFront::Distribution') as [[string, Resource]];
    const consoleUrl = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/console/']],
    };
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [consoleUrl],
      LogoutURLs: [consoleUrl],
      SupportedIdentityProviders: ['COGNITO'],
      GenerateSecret: false,
    });
    expect(text(client.Properties)).not.toMatch(/implicit|client_credentials|example\.com/);
  });
});

describe('SNS SMS delivery-status logging', () => {
  const prod = synthStack('prod');
  const dev = synthStack('dev');
  const { resources, template } = prod;

  const logGroup = (suffix: string) =>
    ofType(resources, 'AWS::Logs::LogGroup').find(([, g]) =>
      text(g.Properties?.LogGroupName).endsWith(`/DirectPublishToPhoneNumber${suffix}"]]}`),
    );

  it("creates the log groups SNS writes to, named as SNS names them, with the stage's retention", () => {
    for (const suffix of ['', '/Failure']) {
      const [, group] = logGroup(suffix) ?? [];
      expect(group?.Properties).toEqual({
        LogGroupName: {
          'Fn::Join': [
            '',
            [
              'sns/',
              { Ref: 'AWS::Region' },
              '/',
              { Ref: 'AWS::AccountId' },
              `/DirectPublishToPhoneNumber${suffix}`,
            ],
          ],
        },
        RetentionInDays: 90,
      });
    }
  });

  it('gives SNS a role that can write those two log groups and nothing else', () => {
    const [roleId] =
      ofType(resources, 'AWS::IAM::Role').find(([, r]) =>
        text(r.Properties?.AssumeRolePolicyDocument).includes('sns.amazonaws.com'),
      ) ?? [];
    const policies = ofType(resources, 'AWS::IAM::Policy').filter(([, p]) =>
      text(p.Properties?.Roles).includes(`"Ref":"${roleId}"`),
    );
    const statements = policies.flatMap(([, p]) => statementsOf(p));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toEqual([
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    const targets = text(statements[0]?.Resource);
    for (const id of [logGroup('')?.[0], logGroup('/Failure')?.[0]])
      expect(targets).toContain(`"${id}","Arn"`);
    expect(targets).not.toContain('"*"');
  });

  it("sets the account's DeliveryStatusIAMRole and DeliveryStatusSuccessSamplingRate with SetSMSAttributes", () => {
    const [[, settings]] = ofType(resources, 'Custom::AWS') as [[string, Resource]];
    for (const when of ['Create', 'Update']) {
      const call = text(settings.Properties?.[when]);
      expect(call).toContain('\\"service\\":\\"SNS\\"');
      expect(call).toContain('\\"action\\":\\"setSMSAttributes\\"');
      expect(call).toContain('DeliveryStatusIAMRole');
      expect(call).toContain('\\"DeliveryStatusSuccessSamplingRate\\":\\"100\\"');
    }
    expect(settings.Properties?.Delete).toBeUndefined();
  });

  it('lets the custom resource set SMS attributes and pass only that role, only to SNS', () => {
    const [, policy] =
      ofType(resources, 'AWS::IAM::Policy').find(([, p]) => text(p).includes('sns:SetSMSAttributes')) ?? [];
    const statements = statementsOf(policy);
    expect(statements.map((s) => s.Action)).toEqual(['sns:SetSMSAttributes', 'iam:PassRole']);
    expect(statements[1]).toMatchObject({
      Condition: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
      Resource: { 'Fn::GetAtt': [expect.stringContaining('SmsDeliveryStatusRole'), 'Arn'] },
    });
  });

  it('counts failed and delivered SMS from the logs and alarms on the failure rate', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = "FAILURE" }',
      LogGroupName: { Ref: logGroup('/Failure')?.[0] },
      MetricTransformations: [
        Match.objectLike({ MetricNamespace: 'Redress/SmsDelivery', MetricName: 'Failed', MetricValue: '1' }),
      ],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = "SUCCESS" }',
      LogGroupName: { Ref: logGroup('')?.[0] },
    });
    const alarm = ofType(resources, 'AWS::CloudWatch::Alarm').find(([, a]) =>
      text(a).includes('Redress/SmsDelivery'),
    )?.[1];
    expect(alarm?.Properties).toMatchObject({
      Threshold: STAGES.prod.alarms.smsDeliveryFailureRatePercent,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(text(alarm?.Properties?.Metrics)).toContain('100 * failed / (failed + delivered');
  });

  it('is left to the stage that owns the account SMS settings: dev builds none of it', () => {
    expect(STAGES.dev.sms.accountSettings).toBeUndefined();
    expect(ofType(dev.resources, 'Custom::AWS')).toEqual([]);
    expect(ofType(dev.resources, 'AWS::Logs::MetricFilter')).toEqual([]);
    expect(text(dev.resources)).not.toMatch(/DirectPublishToPhoneNumber|SMSMonthToDateSpentUSD/);
  });
});

/** Complaints as customers write them: URLs, angle brackets, quotes, Hindi, SQL-looking words. */
const COMPLAINT_CORPUS = [
  'My phone restarts on its own. I followed https://support.redress.example/reboot-loop?model=X2&lang=en and it did not help.',
  'Screen cracked after repair <3 times now> — the technician said "not covered" but the card says otherwise.',
  'The service centre told me to SELECT a plan from the list and then DROP the device at the counter; nobody called back.',
  'मेरा फ़ोन रिपेयर के बाद भी चार्ज नहीं हो रहा है। कृपया जल्दी मदद करें।',
  "Battery drains 40% per hour since the update (v2.3.1). <not charging> shows on the lock screen; what's going on?",
  'Refund of ₹4,999 not received. Ref: https://pay.example/txn/12345 — "pending" for 3 weeks.',
  'I emailed <support@redress.example> and got an auto-reply: <script>alert(1)</script> was in the reply, weird!',
  'Speaker crackles: 1 < 2 > 0 is what the diagnostics app printed, then it froze. Please check.',
  'x'.repeat(1990),
];

describe('WAF and honest complaints', () => {
  const { resources } = synthStack('prod');
  const [, acl] = ofType(resources, 'AWS::WAFv2::WebACL')[0] ?? [];
  type Rule = { Name: string; Statement: { ManagedRuleGroupStatement?: Record<string, unknown> } };
  const crs = ((acl?.Properties?.Rules ?? []) as Rule[]).find(
    (r) => r.Name === 'AWSManagedRulesCommonRuleSet',
  );

  it('only counts the common rule set’s XSS, RFI and size rules on the body; every other rule keeps blocking', () => {
    expect(crs?.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual(
      COUNTED_BODY_RULES.map((Name) => ({ Name, ActionToUse: { Count: {} } })),
    );
    expect([...COUNTED_BODY_RULES].sort()).toEqual([
      'CrossSiteScripting_BODY',
      'GenericRFI_BODY',
      'SizeRestrictions_BODY',
    ]);
    // The group itself still blocks (no group-wide count), so its query-string, URI-path, cookie,
    // header and other body rules (GenericLFI_BODY, EC2MetaDataSSRF_BODY) stay in force.
    expect(crs).toMatchObject({ OverrideAction: { None: {} } });
    expect(crs?.Statement.ManagedRuleGroupStatement?.ExcludedRules).toBeUndefined();
  });

  it.each(COMPLAINT_CORPUS.map((c) => [c.slice(0, 40), c]))(
    'accepts "%s…" as a grievance description, and no body rule still blocking would match it',
    (_label, description) => {
      const body = { name: 'Ravi Kumar', category: 'REPAIR_QUALITY', description, channel: 'WEB' };
      expect(customerGrievanceBody.safeParse(body).success).toBe(true);
      // The body rules of the common rule set that still block: GenericLFI_BODY (path traversal such
      // as ../ or /etc/passwd) and EC2MetaDataSSRF_BODY (the instance metadata address). Complaints
      // carry neither; what they do carry (URLs, <, >, quotes) is what the counted rules match.
      expect(description).not.toMatch(/\.\.[\\/]|\/etc\/(passwd|shadow)|169\.254\.169\.254|metadata\.google/);
    },
  );
});

describe('the CDK app', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'bin', 'redress.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        CDK_CONTEXT_JSON: '{"stage":"prod"}',
        ...env,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('refuses to synthesize prod for a deployer whose environment names another region', () => {
    const result = run({ CDK_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'eu-west-1' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Stage prod deploys to ap-south-1, but this environment names eu-west-1');
  });
});
