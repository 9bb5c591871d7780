import { parseConfig } from '../../lambdas/config';
import { STAGES } from '../../lib/stage-config';
import { synthStack } from '../support/template';

/**
 * What sets the dev and prod stacks apart, resource by resource. (Log retention,
 * the table's and user pool's protection in prod, MFA and the WAF's /prod/otp
 * path are asserted in protection.test.ts.)
 */

type Resource = {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Resources = Record<string, Resource>;

const ofType = (resources: Resources, type: string): [string, Resource][] =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

const onlyOne = (resources: Resources, type: string, where: (r: Resource) => boolean = () => true) => {
  const found = ofType(resources, type).filter(([, r]) => where(r));
  if (found.length !== 1) throw new Error(`expected one matching ${type}, found ${found.length}`);
  return found[0] as [string, Resource];
};

const PROD_ORIGINS = ['https://www.redress.example', 'https://app.redress.example'];

const EXPECTED = {
  dev: {
    throttling: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    // The account-wide SMS alarms belong to the stage that owns the account's SMS settings (prod).
    alarmThresholds: {
      api5xxPercent: 5,
      smsFailures: 5,
      scheduleFailures: 5,
      alertFailures: 5,
      smsSpendUsd: 'none',
      smsDeliveryFailurePercent: 'none',
    },
    subscriptions: [] as string[],
    kept: false,
    overrides: { LOG_LEVEL: 'debug', STAGE: 'dev' },
  },
  prod: {
    throttling: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
    alarmThresholds: {
      api5xxPercent: 1,
      smsFailures: 1,
      scheduleFailures: 1,
      alertFailures: 1,
      smsSpendUsd: 800,
      smsDeliveryFailurePercent: 10,
    },
    subscriptions: [
      'Redress: Grievance Desk <- grievance-desk@redress.example',
      'Redress: Head of Customer Service <- head-customer-service@redress.example',
      'Redress: Office of the President <- president-office@redress.example',
      'Redress: Operations <- operations@redress.example',
    ],
    kept: true,
    overrides: {
      CORS_ALLOWED_ORIGINS: PROD_ORIGINS.join(','),
      STAGE: 'prod',
      SMS_DLT_ENTITY_ID: '1101000000000000000',
      SMS_DLT_TEMPLATE_IDS: JSON.stringify(STAGES.prod.sms.dlt?.templateIds),
    },
  },
} as const;

/** The variables lambdas/config.ts reads (everything else in an environment is wiring: topic ARNs and the like). */
const CONFIG_KEYS = new Set(Object.keys(parseConfig({ TABLE_NAME: 't' })));
/** Set by the stack from its own resources, never by a stage. */
const STACK_SET = new Set([
  'TABLE_NAME',
  'OTP_HMAC_SECRET_ID',
  'CURSOR_SECRET_ID',
  'ORIGIN_VERIFY_SECRET_ID',
  'SMS_QUEUE_URL',
  'SMS_DRAIN_CONCURRENCY',
]);

describe.each(['dev', 'prod'] as const)('the %s stack', (stage) => {
  const { resources, template } = synthStack(stage);
  const expected = EXPECTED[stage];

  it('throttles the API stage at its own rate and burst', () => {
    const [, apiStage] = onlyOne(resources, 'AWS::ApiGateway::Stage');
    expect(apiStage.Properties?.StageName).toBe(stage);
    expect(apiStage.Properties?.MethodSettings).toEqual([expect.objectContaining(expected.throttling)]);
  });

  it('alarms at its own thresholds for the 5xx rate, SMS, schedule and alert failures and SMS spend', () => {
    const alarms = ofType(resources, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
    const threshold = (match: (text: string) => boolean) => {
      const found = alarms.filter((a) => match(JSON.stringify(a)));
      if (found.length > 1) throw new Error(`expected one matching alarm, found ${found.length}`);
      return found[0]?.Threshold ?? 'none';
    };
    expect({
      api5xxPercent: threshold((a) => a.includes('5XXError')),
      smsFailures: threshold((a) => a.includes('SmsFailed')),
      scheduleFailures: threshold((a) => a.includes('ScheduleFailed')),
      alertFailures: threshold((a) => a.includes('AlertFailed')),
      smsSpendUsd: threshold((a) => a.includes('SMSMonthToDateSpentUSD')),
      smsDeliveryFailurePercent: threshold((a) => a.includes('Redress/SmsDelivery')),
    }).toEqual(expected.alarmThresholds);
  });

  it("answers CORS preflights for the stage's origins only", () => {
    const preflights = ofType(resources, 'AWS::ApiGateway::Method').filter(
      ([, m]) => m.Properties?.HttpMethod === 'OPTIONS',
    );
    expect(preflights.length).toBeGreaterThan(0);
    for (const [id, method] of preflights) {
      type Integration = {
        IntegrationResponses?: { ResponseParameters: Record<string, string>; ResponseTemplates?: unknown }[];
      };
      const [response] =
        (method.Properties?.Integration as Integration | undefined)?.IntegrationResponses ?? [];
      const allowOrigin = response?.ResponseParameters['method.response.header.Access-Control-Allow-Origin'];
      if (stage === 'dev') {
        expect([id, allowOrigin]).toEqual([id, "'*'"]);
      } else {
        // API Gateway answers one origin statically and echoes the others only when they are listed.
        expect([id, allowOrigin]).toEqual([id, `'${PROD_ORIGINS[0]}'`]);
        expect(response?.ResponseParameters['method.response.header.Vary']).toBe("'Origin'");
        const echo = JSON.stringify(response?.ResponseTemplates);
        for (const other of PROD_ORIGINS.slice(1)) expect(echo).toContain(`$origin == \\"${other}\\"`);
      }
    }
  });

  it('subscribes its alert e-mail addresses to the topics', () => {
    const topicName = (ref: unknown) =>
      resources[(ref as { Ref: string }).Ref]?.Properties?.DisplayName as string | undefined;
    const subscriptions = ofType(resources, 'AWS::SNS::Subscription').map(([, s]) => {
      expect(s.Properties?.Protocol).toBe('email');
      return `${topicName(s.Properties?.TopicArn)} <- ${s.Properties?.Endpoint}`;
    });
    expect(subscriptions.sort()).toEqual(expected.subscriptions);
  });

  it('keeps the user pool and the operations key, and refuses to delete the table, only when the stage protects data', () => {
    const policy = expected.kept ? 'Retain' : 'Delete';
    for (const [id, resource] of [
      onlyOne(resources, 'AWS::Cognito::UserPool'),
      onlyOne(resources, 'AWS::KMS::Key', (k) => JSON.stringify(k.Properties).includes('cloudwatch')),
    ])
      expect([id, resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual([id, policy, policy]);
    // The table is retained in every stage (protection.test.ts); only prod refuses a DeleteTable call.
    const [, table] = onlyOne(resources, 'AWS::DynamoDB::Table');
    expect(table.Properties?.DeletionProtectionEnabled).toBe(expected.kept);
  });

  it("hands every function only the stage's overrides; the rest falls back to lambdas/config.ts's defaults", () => {
    // Redress's functions, not the provider CDK makes for the SMS-settings custom resource (prod).
    const functions = ofType(resources, 'AWS::Lambda::Function').filter(
      ([id, f]) =>
        String(f.Properties?.Handler).startsWith('index.') &&
        !id.startsWith('AWS679f53fac002430cb0da5b7982bd2287') &&
        !id.startsWith('CustomCDKBucketDeployment'),
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) {
      const env =
        (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      expect(env.TABLE_NAME).toBeDefined();
      const configured = Object.fromEntries(
        Object.entries(env).filter(([name]) => CONFIG_KEYS.has(name) && !STACK_SET.has(name)),
      );
      expect([id, configured]).toEqual([id, expected.overrides]);
    }
  });

  it('synthesizes the same template twice', () => {
    expect(JSON.stringify(synthStack(stage).template.toJSON())).toBe(JSON.stringify(template.toJSON()));
  });
});
