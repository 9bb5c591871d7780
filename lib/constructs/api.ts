import { Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  Cors,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  type RequestValidator,
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
import type { RouteSpec } from '../../lambdas/http/spec';
import { handlerEntry, ROUTES } from '../../lambdas/routes';
import { requestModelSchema } from '../request-models';
import { functionEnvironment, type StageConfig } from '../stage-config';
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

/** Methods open to the internet by design: cdk-nag's authorization rules are acknowledged on them, one by one. */
function acknowledgePublic(method: Method, auth: 'none' | 'customer' | 'preflight'): void {
  const reason =
    auth === 'customer'
      ? 'Customer route: customers have no Cognito identity; the function checks the OTP-derived bearer token on every call.'
      : auth === 'preflight'
        ? 'CORS preflight (OPTIONS): browsers send it without credentials; it answers headers only.'
        : 'Public by contract (health, OpenAPI document, OTP request/verify); WAF rate rules and function-side limits guard it.';
  Validations.of(method).acknowledge(
    { id: 'AwsSolutions-APIG4', reason },
    { id: 'AwsSolutions-COG4', reason },
  );
}

const PROBLEM = (status: number, title: string, detail: string) => ({
  'application/json': JSON.stringify({
    type: 'about:blank',
    title,
    status,
    detail,
    // A gateway template cannot list the bad fields; the function's own validation (same schema) does.
    ...(status === 400 ? { errors: [{ path: '', message: detail }] } : {}),
  }),
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
      // Unique per stack, so the ApiName dimension of its metrics (and alarms) never mixes two stages.
      restApiName: `${Stack.of(this).stackName}-api`,
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

    // The execution-log group API Gateway writes to for this stage. Left to API Gateway it is created
    // on first write and never expires; created here first (the stage waits for it), it has the
    // stage's retention and leaves with the stack. The name is API Gateway's, not ours to choose.
    const executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.restApi.restApiId}/${config.stage}`,
      retention: config.logRetention,
    });
    this.restApi.deploymentStage.node.addDependency(executionLogs);

    // API Gateway's own answers speak problem+json too; an unknown route is a 404, not "Missing Authentication Token".
    const gatewayResponses: [ResponseType, number, string, string][] = [
      [ResponseType.MISSING_AUTHENTICATION_TOKEN, 404, 'Not found', 'No such route.'],
      [ResponseType.UNAUTHORIZED, 401, 'Unauthorized', 'A valid staff token is required.'],
      [ResponseType.ACCESS_DENIED, 403, 'Forbidden', 'Access denied.'],
      [ResponseType.THROTTLED, 429, 'Too many requests', 'Rate limited; try again later.'],
      [ResponseType.WAF_FILTERED, 403, 'Forbidden', 'Request blocked.'],
      [ResponseType.REQUEST_TOO_LARGE, 413, 'Payload too large', 'The body is too large.'],
      [ResponseType.UNSUPPORTED_MEDIA_TYPE, 415, 'Unsupported media type', 'Send application/json.'],
      [ResponseType.BAD_REQUEST_BODY, 400, 'Invalid request', 'The body is not JSON of the expected shape.'],
      [ResponseType.BAD_REQUEST_PARAMETERS, 400, 'Invalid request', 'A required parameter is missing.'],
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

    // Body and parameters are checked by API Gateway before any function runs (a model per body, below).
    const validator = this.restApi.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
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
      this.functions[route.name] = fn;
      const resource = this.resourceFor(route.path);
      const method = resource.addMethod(route.method, new LambdaIntegration(fn.fn, { proxy: true }), {
        operationName: route.name,
        ...this.validation(route, validator),
        ...(route.auth === 'staff'
          ? { authorizer, authorizationType: AuthorizationType.COGNITO }
          : { authorizationType: AuthorizationType.NONE }),
      });
      if (route.auth !== 'staff') acknowledgePublic(method, route.auth);
    }
    // CORS preflights answer without credentials, as browsers send them.
    for (const method of this.restApi.methods)
      if (method.httpMethod === 'OPTIONS') acknowledgePublic(method, 'preflight');
  }

  /** Request validation of a route: its body model (from the route's zod schema) and its parameters. */
  private validation(route: RouteSpec, validator: RequestValidator) {
    const requestParameters: Record<string, boolean> = {};
    for (const [, name] of route.path.matchAll(/\{(\w+)\}/g))
      requestParameters[`method.request.path.${name}`] = true;
    if (route.query) {
      const query = requestModelSchema(route.query);
      for (const name of Object.keys(query.properties ?? {}))
        requestParameters[`method.request.querystring.${name}`] = false; // optional: values are checked by zod
    }
    const modelId = route.name.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase());
    const requestModels = route.body
      ? {
          'application/json': this.restApi.addModel(`${modelId}Body`, {
            contentType: 'application/json',
            description: `Body of ${route.method} ${route.path} (generated from its zod schema)`,
            schema: requestModelSchema(route.body),
          }),
        }
      : undefined;
    return { requestValidator: validator, requestParameters, ...(requestModels ? { requestModels } : {}) };
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
      ...functionEnvironment(config),
      TABLE_NAME: grants.table.tableName,
      ...(uses.has('alerts') ? grants.notifications.topicEnvironment() : {}),
      ...(uses.has('scheduler') ? grants.schedulingEnvironment : {}),
      ...(uses.has('otp-secret') ? { OTP_HMAC_SECRET_ID: grants.otpSecret.secretArn } : {}),
    };
    const fn = new RedressFunction(this, `fn-${route.name}`, {
      entry: handlerEntry(route),
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
