import { Match } from 'aws-cdk-lib/assertions';
import { ROUTES } from '../../lambdas/routes';
import { requestModelSchema } from '../../lib/request-models';
import { STAGES } from '../../lib/stage-config';
import { synthStack } from '../support/template';

type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string };
type Resources = Record<string, Resource>;

const ofType = (resources: Resources, type: string): [string, Resource][] =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

const onlyOne = (resources: Resources, type: string): [string, Resource] => {
  const found = ofType(resources, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as [string, Resource];
};

const methodsByOperation = (resources: Resources) =>
  new Map(
    ofType(resources, 'AWS::ApiGateway::Method')
      .filter(([, m]) => m.Properties?.HttpMethod !== 'OPTIONS')
      .map(([, m]) => [String(m.Properties?.OperationName), m]),
  );

const operationsTopic = (resources: Resources): string => {
  const topic = ofType(resources, 'AWS::SNS::Topic').find(
    ([, t]) => t.Properties?.DisplayName === 'Redress: Operations',
  );
  if (!topic) throw new Error('no operations topic');
  return topic[0];
};

describe('API protection (dev)', () => {
  const { template, resources } = synthStack('dev');

  it('associates a regional WAF web ACL with the API stage', () => {
    const [aclId, acl] = onlyOne(resources, 'AWS::WAFv2::WebACL');
    expect(acl.Properties?.Scope).toBe('REGIONAL');
    const [stageId] = onlyOne(resources, 'AWS::ApiGateway::Stage');
    const [, association] = onlyOne(resources, 'AWS::WAFv2::WebACLAssociation');
    expect(association.Properties?.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(association.Properties?.ResourceArn)).toContain(`"Ref":"${stageId}"`);
  });

  it('blocks every request that did not come through the distribution (no origin-verify secret)', () => {
    const rules = onlyOne(resources, 'AWS::WAFv2::WebACL')[1].Properties?.Rules as {
      Name: string;
      Priority: number;
      Action?: { Block?: { CustomResponse?: { ResponseCode: number } } };
      Statement: Record<string, unknown>;
    }[];
    const first = [...rules].sort((a, b) => a.Priority - b.Priority)[0];
    expect(first?.Name).toBe('through-cloudfront-only');
    expect(first?.Action?.Block?.CustomResponse?.ResponseCode).toBe(403);
    const match = (
      (first?.Statement ?? {}) as unknown as {
        NotStatement: { Statement: { ByteMatchStatement: Record<string, unknown> } };
      }
    ).NotStatement.Statement.ByteMatchStatement;
    expect(match).toMatchObject({
      FieldToMatch: { SingleHeader: { Name: 'x-origin-verify' } },
      PositionalConstraint: 'EXACTLY',
    });
    // The same secret CloudFront sends, as a dynamic reference (never a literal in the template).
    const secretId = ofType(resources, 'AWS::SecretsManager::Secret').find(([id]) =>
      id.startsWith('OriginVerify'),
    )?.[0];
    expect(secretId).toBeDefined();
    expect(JSON.stringify(match.SearchString)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(match.SearchString)).toContain(`"Ref":"${secretId}"`);
  });

  it('limits /otp per viewer address much more tightly than the rest, and answers 429', () => {
    const rules = onlyOne(resources, 'AWS::WAFv2::WebACL')[1].Properties?.Rules as {
      Name: string;
      Action?: { Block?: { CustomResponse?: { ResponseCode: number } } };
      Statement: {
        RateBasedStatement?: {
          Limit: number;
          AggregateKeyType: string;
          ForwardedIPConfig?: unknown;
          ScopeDownStatement?: unknown;
        };
      };
    }[];
    const otp = rules.find((r) => r.Name === 'otp-rate-limit');
    const general = rules.find((r) => r.Name === 'general-rate-limit');
    // Behind CloudFront, counted per viewer address (the header CloudFront's function sets), not per edge IP.
    for (const rule of [otp, general])
      expect(rule?.Statement.RateBasedStatement).toMatchObject({
        AggregateKeyType: 'FORWARDED_IP',
        ForwardedIPConfig: { HeaderName: 'x-viewer-address', FallbackBehavior: 'MATCH' },
      });
    expect(otp?.Statement.RateBasedStatement?.Limit).toBe(STAGES.dev.waf.otpLimit);
    expect(general?.Statement.RateBasedStatement?.ScopeDownStatement).toBeUndefined();
    expect(STAGES.dev.waf.otpLimit * 10).toBeLessThanOrEqual(
      general?.Statement.RateBasedStatement?.Limit ?? 0,
    );
    // Scoped down to URI paths starting with /otp, with or without the stage prefix of execute-api.
    const scope = otp?.Statement.RateBasedStatement?.ScopeDownStatement as {
      OrStatement: { Statements: { ByteMatchStatement: Record<string, unknown> }[] };
    };
    const matches = scope.OrStatement.Statements.map((s) => s.ByteMatchStatement);
    expect(matches.map((m) => m.SearchString).sort()).toEqual(['/dev/otp', '/otp']);
    for (const m of matches) {
      expect(m).toMatchObject({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH' });
    }
    for (const rule of [otp, general]) expect(rule?.Action?.Block?.CustomResponse?.ResponseCode).toBe(429);
  });

  it('runs the AWS managed rule groups for common exploits, known bad inputs and IP reputation', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith(
        [
          'AWSManagedRulesAmazonIpReputationList',
          'AWSManagedRulesCommonRuleSet',
          'AWSManagedRulesKnownBadInputsRuleSet',
        ].map((name) =>
          Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: name }) } }),
        ),
      ),
    });
  });

  it('puts the Cognito authorizer on every /staff method and on no customer method', () => {
    const [authorizerId, authorizer] = onlyOne(resources, 'AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties?.Type).toBe('COGNITO_USER_POOLS');
    const methods = methodsByOperation(resources);
    expect(methods.size).toBe(ROUTES.length);
    expect(ROUTES.some((r) => r.path.startsWith('/staff'))).toBe(true);
    for (const route of ROUTES) {
      const props = methods.get(route.name)?.Properties;
      if (route.path.startsWith('/staff')) {
        expect([route.name, props?.AuthorizationType, props?.AuthorizerId]).toEqual([
          route.name,
          'COGNITO_USER_POOLS',
          { Ref: authorizerId },
        ]);
      } else {
        expect([route.name, props?.AuthorizationType, props?.AuthorizerId]).toEqual([
          route.name,
          'NONE',
          undefined,
        ]);
      }
    }
  });

  it('validates each body against a model generated from its zod schema, and parameters', () => {
    const [validatorId, validator] = onlyOne(resources, 'AWS::ApiGateway::RequestValidator');
    expect(validator.Properties).toMatchObject({
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    const models = new Map(ofType(resources, 'AWS::ApiGateway::Model'));
    const methods = methodsByOperation(resources);
    for (const route of ROUTES) {
      const props = methods.get(route.name)?.Properties;
      expect(props?.RequestValidatorId).toEqual({ Ref: validatorId });
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g))
        expect(props?.RequestParameters).toMatchObject({ [`method.request.path.${name}`]: true });
      const ref = (props?.RequestModels as Record<string, { Ref: string }> | undefined)?.['application/json'];
      if (!route.body) {
        expect(ref).toBeUndefined();
        continue;
      }
      const model = models.get(String(ref?.Ref))?.Properties;
      expect(model?.ContentType).toBe('application/json');
      expect(model?.Schema).toMatchObject({
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        properties: expect.any(Object),
      });
    }
  });

  it('makes models no stricter than the function: types, required fields and enums, but no patterns or lengths', () => {
    const otp = ROUTES.find((r) => r.name === 'otp-request');
    if (!otp?.body) throw new Error('otp-request has no body schema');
    expect(requestModelSchema(otp.body)).toEqual({
      type: 'object',
      properties: {
        identifierType: {
          type: 'string',
          enum: ['PHONE', 'SERVICE_ORDER', 'PURCHASE_ORDER', 'IMEI', 'SERIAL', 'GRIEVANCE'],
        },
        identifier: { type: 'string' },
      },
      required: ['identifierType', 'identifier'],
      additionalProperties: false,
    });
    for (const route of ROUTES.filter((r) => r.body)) {
      const text = JSON.stringify(requestModelSchema(route.body as NonNullable<typeof route.body>));
      expect(text).not.toMatch(/"(pattern|format|minLength|maxLength|\$ref|const)"/);
    }
  });

  it('throttles the stage and writes JSON access logs', () => {
    const [, stage] = onlyOne(resources, 'AWS::ApiGateway::Stage');
    expect(stage.Properties?.MethodSettings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ThrottlingRateLimit: STAGES.dev.throttling.rateLimit,
          ThrottlingBurstLimit: STAGES.dev.throttling.burstLimit,
        }),
      ]),
    );
    const format = (stage.Properties?.AccessLogSetting as { Format?: string } | undefined)?.Format ?? '';
    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });

  it('alarms on the 5xx rate, every function, the dead-letter queue and SMS failures — all to operations', () => {
    const topic = operationsTopic(resources);
    const alarms = ofType(resources, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.OKActions).toEqual([{ Ref: topic }]);
    }
    const metricsOf = (alarm: Record<string, unknown>) => JSON.stringify(alarm.Metrics ?? alarm);
    // The 5xx rate: errors over requests of this API.
    expect(alarms.filter((a) => /5XXError/.test(metricsOf(a)) && /"Count"/.test(metricsOf(a)))).toHaveLength(
      1,
    );
    // One Errors alarm per function: every route plus escalation and sweeper.
    const functions = ofType(resources, 'AWS::Lambda::Function').filter(
      ([id, f]) =>
        String(f.Properties?.Handler).startsWith('index.') && !id.startsWith('CustomCDKBucketDeployment'),
    );
    const errorAlarms = alarms.filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda');
    expect(errorAlarms).toHaveLength(functions.length);
    expect(errorAlarms.map((a) => JSON.stringify(a.Dimensions)).sort()).toEqual(
      functions.map(([id]) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }])).sort(),
    );
    // The scheduler's and the SMS queue's dead-letter queues (alarms defined with the queues, actions added here).
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage')).toHaveLength(1);
    // SMS failures: the functions' EMF metrics.
    const sms = alarms.find((a) => /SmsFailed/.test(metricsOf(a)));
    expect(metricsOf(sms ?? {})).toContain('"Namespace":"Redress"');
    expect(metricsOf(sms ?? {})).toContain('OtpFailed');
    expect(metricsOf(sms ?? {})).toContain('{"Name":"service","Value":"redress"}');
  });

  it('lets CloudWatch publish alarms to the operations topic and use its key', () => {
    const topic = operationsTopic(resources);
    const keyRef = resources[topic]?.Properties?.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] };
    const key = resources[keyRef['Fn::GetAtt'][0]];
    expect(key?.Type).toBe('AWS::KMS::Key');
    expect(key?.Properties?.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(key?.Properties?.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('keeps every log group for the configured retention', () => {
    const groups = ofType(resources, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(ROUTES.length + 3);
    for (const [, group] of groups) expect(group.Properties?.RetentionInDays).toBe(7);
  });

  it('runs every function on nodejs22.x and arm64 with its own log group', () => {
    for (const [id, fn] of ofType(resources, 'AWS::Lambda::Function')) {
      // Redress's functions; CDK's BucketDeployment handler (deploy time only) is CDK's choice.
      if (!String(fn.Properties?.Handler).startsWith('index.') || id.startsWith('CustomCDKBucketDeployment'))
        continue;
      expect([id, fn.Properties?.Runtime, fn.Properties?.Architectures]).toEqual([
        id,
        'nodejs22.x',
        ['arm64'],
      ]);
      expect(fn.Properties?.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: expect.any(Object) });
    }
  });

  it('gives no resource a fixed physical name', () => {
    const NAMES =
      /^(TableName|FunctionName|TopicName|QueueName|BucketName|RoleName|LogGroupName|UserPoolName|SecretName|AlarmName|DashboardName|KeyAlias|ScheduleGroupName)$/;
    for (const [id, resource] of Object.entries(resources)) {
      // A reference (e.g. a permission's FunctionName) is fine; a literal string is a fixed name.
      const named = Object.entries(resource.Properties ?? {})
        .filter(([k, v]) => NAMES.test(k) && typeof v === 'string')
        .map(([k]) => k);
      expect([id, named]).toEqual([id, []]);
    }
  });

  it('leaves dev data deletable by the stack (the table excepted, which is always kept)', () => {
    const [, pool] = onlyOne(resources, 'AWS::Cognito::UserPool');
    expect(pool.Properties?.DeletionProtection).toBe('INACTIVE');
    expect(pool.Properties?.MfaConfiguration).toBe('OPTIONAL');
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });
});

describe('data protection (prod)', () => {
  const { template, resources } = synthStack('prod');

  it('turns on point-in-time recovery and deletion protection for the table, and keeps it', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    });
  });

  it('protects the staff user pool from deletion and requires TOTP MFA', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
  });

  it('keeps logs for three months and limits /otp on the prod path', () => {
    for (const [, group] of ofType(resources, 'AWS::Logs::LogGroup'))
      expect(group.Properties?.RetentionInDays).toBe(90);
    expect(JSON.stringify(onlyOne(resources, 'AWS::WAFv2::WebACL')[1].Properties?.Rules)).toContain(
      '"SearchString":"/prod/otp"',
    );
  });
});
