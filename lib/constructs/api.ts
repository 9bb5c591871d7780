import { Duration } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  Cors,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type Resource,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ParamsAndSecretsLayerVersion, ParamsAndSecretsVersions } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ROUTES, type RouteSpec } from '../../lambdas/routes';
import type { StageConfig } from '../stage-config';
import { grantTableAccess } from './data';
import { Notifications } from './notifications';
import { RedressFunction } from './redress-function';

/** What a route's function may be granted, by the names RouteSpec.uses lists. */
export interface ApiGrants {
  table: ITable;
  notifications: Notifications;
  otpSecret: ISecret;
  /** Grants creating/deleting escalation schedules (and passing the scheduler role). */
  grantScheduling: (fn: IFunction) => void;
  /** Environment every scheduling function needs. */
  schedulingEnvironment: Record<string, string>;
}

export interface ApiProps {
  config: StageConfig;
  grants: ApiGrants;
  /** Staff user pool; its Cognito authorizer guards every /staff route. */
  userPool: IUserPool;
}

const PROBLEM = (status: number, title: string, detail: string) => ({
  'application/json': JSON.stringify({ type: 'about:blank', title, status, detail }),
});

/** The REST API: one function and one method per entry of lambdas/routes.ts. */
export class Api extends Construct {
  readonly restApi: RestApi;
  readonly functions: Record<string, RedressFunction> = {};

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config, grants } = props;
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention });
    this.restApi = new RestApi(this, 'RestApi', {
      description: `Redress API (${config.stage})`,
      cloudWatchRole: true,
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.throttling.rateLimit,
        throttlingBurstLimit: config.throttling.burstLimit,
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false, // bodies hold phone numbers and codes
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
      defaultCorsPreflightOptions: {
        allowOrigins: config.corsOrigins.includes('*') ? Cors.ALL_ORIGINS : config.corsOrigins,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Correlation-Id'],
        maxAge: Duration.minutes(10),
      },
    });

    // API Gateway's own answers speak problem+json too; an unknown route is a 404, not "Missing Authentication Token".
    const gatewayResponses: [ResponseType, number, string, string][] = [
      [ResponseType.MISSING_AUTHENTICATION_TOKEN, 404, 'Not found', 'No such route.'],
      [ResponseType.UNAUTHORIZED, 401, 'Unauthorized', 'A valid staff token is required.'],
      [ResponseType.ACCESS_DENIED, 403, 'Forbidden', 'Access denied.'],
      [ResponseType.THROTTLED, 429, 'Too many requests', 'Rate limited; try again later.'],
      [ResponseType.WAF_FILTERED, 403, 'Forbidden', 'Request blocked.'],
      [ResponseType.REQUEST_TOO_LARGE, 413, 'Payload too large', 'The body is too large.'],
      [ResponseType.UNSUPPORTED_MEDIA_TYPE, 415, 'Unsupported media type', 'Send application/json.'],
      [ResponseType.BAD_REQUEST_BODY, 400, 'Invalid request', 'The body does not match the schema.'],
      [ResponseType.DEFAULT_5XX, 502, 'Bad gateway', 'Something went wrong on our side.'],
    ];
    for (const [type, status, title, detail] of gatewayResponses) {
      this.restApi.addGatewayResponse(`Gw${type.responseType}`, {
        type,
        statusCode: String(status),
        responseHeaders: {
          'Content-Type': "'application/problem+json'",
          'Access-Control-Allow-Origin': "'*'",
          ...(status === 429 ? { 'Retry-After': "'1'" } : {}),
        },
        templates: PROBLEM(status, title, detail),
      });
    }

    const secretsLayer = ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
      cacheSize: 10,
      logLevel: undefined,
    });

    let authorizer: CognitoUserPoolsAuthorizer | undefined;
    for (const route of ROUTES) {
      if (route.auth === 'staff') {
        authorizer ??= new CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
          cognitoUserPools: [props.userPool],
          resultsCacheTtl: Duration.minutes(5),
        });
      }
      const fn = this.routeFunction(route, config, grants, secretsLayer);
      this.functions[route.handler] = fn;
      const resource = this.resourceFor(route.path);
      resource.addMethod(route.method, new LambdaIntegration(fn.fn, { proxy: true }), {
        operationName: route.handler,
        ...(route.auth === 'staff'
          ? { authorizer, authorizationType: AuthorizationType.COGNITO }
          : { authorizationType: AuthorizationType.NONE }),
      });
    }
  }

  private resourceFor(path: string): Resource {
    let resource = this.restApi.root as Resource;
    for (const part of path.split('/').filter(Boolean))
      resource = (resource.getResource(part) as Resource) ?? resource.addResource(part);
    return resource;
  }

  private routeFunction(
    route: RouteSpec,
    config: StageConfig,
    grants: ApiGrants,
    secretsLayer: ParamsAndSecretsLayerVersion,
  ): RedressFunction {
    const uses = new Set(route.uses ?? []);
    const environment: Record<string, string> = {
      ...Object.fromEntries(Object.entries(config.runtime).filter(([, v]) => v !== undefined)),
      TABLE_NAME: grants.table.tableName,
      ...(uses.has('alerts') ? grants.notifications.topicEnvironment() : {}),
      ...(uses.has('scheduler') ? grants.schedulingEnvironment : {}),
      ...(uses.has('otp-secret') ? { OTP_HMAC_SECRET_ID: grants.otpSecret.secretArn } : {}),
    };
    const fn = new RedressFunction(this, `fn-${route.handler}`, {
      entry: `handlers/${route.handler}`,
      environment,
      logRetention: config.logRetention,
      ...(uses.has('otp-secret') ? { extra: { paramsAndSecrets: secretsLayer } } : {}),
    });
    if (route.table !== 'none') grantTableAccess(grants.table, fn.fn, route.table);
    if (uses.has('sms')) Notifications.grantSms(fn.fn, uses.has('alerts'));
    if (uses.has('alerts')) grants.notifications.grantAlerts(fn.fn);
    if (uses.has('otp-secret')) grants.otpSecret.grantRead(fn.fn);
    if (uses.has('scheduler')) grants.grantScheduling(fn.fn);
    return fn;
  }
}
