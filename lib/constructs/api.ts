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
import { bearerChallenge, type ProblemCode } from '../../lambdas/errors';
import { ALLOWED_REQUEST_HEADERS, EXPOSED_HEADERS } from '../../lambdas/http/cors';
import { PROBLEM_CONTENT_TYPE } from '../../lambdas/http/problem';
import type { RouteSpec } from '../../lambdas/http/spec';
import { handlerEntry, ROUTES } from '../../lambdas/routes';
import { requestModelSchema } from '../request-models';
import { functionEnvironment, type StageConfig } from '../stage-config';
import { grantTableAccess } from './data';
import { Notifications } from './notifications';
import { RedressFunction } from './redress-function';
import type { SmsQueue } from './sms-queue';

/** What a route's function may be granted, by the names RouteSpec.uses lists. */
export interface ApiGrants {
  table: ITable;
  notifications: Notifications;
  otpSecret: ISecret;
  /** Signs page cursors; read by the list functions only. */
  cursorSecret: ISecret;
  /** The value CloudFront sends in X-Origin-Verify; read by routes that count per client address. */
  originVerifySecret: ISecret;
  /** Grants creating/deleting escalation schedules (and passing the scheduler role). */
  grantScheduling: (fn: IFunction) => void;
  /** Environment every scheduling function needs. */
  schedulingEnvironment: Record<string, string>;
  /** The customer-SMS queue: SendMessage on it and its URL. */
  smsQueue: SmsQueue;
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

/**
 * API Gateway's own answers as the functions' problem+json: the same members,
 * `instance` the request path. A gateway template does plain variable
 * substitution only (no VTL), so `code` is fixed per response type.
 */
export function gatewayProblemTemplate(problem: GatewayProblem): Record<string, string> {
  const body = JSON.stringify({
    type: `https://redress.example/problems/${problem.type}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: '$context.path',
    code: problem.code,
    // A gateway template cannot list the bad fields; the function's own validation (same schema) does.
    ...(problem.status === 400 ? { errors: [{ path: '', message: problem.detail }] } : {}),
    ...(problem.status === 429 ? { retryAfterSeconds: GATEWAY_RETRY_AFTER_SECONDS } : {}),
  });
  // `$context.path` is substituted as is; JSON.stringify quoted it already.
  return { 'application/json': body };
}

export interface GatewayProblem {
  responseType: ResponseType;
  status: number;
  /** Last segment of the problem type URI (the functions' types, where they have one). */
  type: string;
  title: string;
  detail: string;
  code: ProblemCode;
  /** Extra answer headers (values as literals). */
  headers?: Record<string, string>;
}

/** Stage throttling refills within a second; one is the honest wait. */
const GATEWAY_RETRY_AFTER_SECONDS = 1;

/**
 * What API Gateway answers by itself. The Cognito authorizer answers UNAUTHORIZED
 * both for a missing and for a bad token and a template cannot tell them apart:
 * such answers say `token_invalid` with `error="invalid_token"` (staff apps always
 * send a token; API.md notes the expired/invalid blur for staff tokens in AWS).
 */
export const GATEWAY_PROBLEMS: readonly GatewayProblem[] = [
  {
    responseType: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: 404,
    type: 'not-found',
    title: 'Not found',
    detail: 'No such route.',
    code: 'not_found',
  },
  {
    responseType: ResponseType.UNAUTHORIZED,
    status: 401,
    type: 'unauthorized',
    title: 'Unauthorized',
    detail: 'A valid staff token is required.',
    code: 'token_invalid',
    headers: { 'WWW-Authenticate': bearerChallenge('token_invalid', 'A valid staff token is required') },
  },
  {
    responseType: ResponseType.ACCESS_DENIED,
    status: 403,
    type: 'forbidden',
    title: 'Forbidden',
    detail: 'Access denied.',
    code: 'forbidden',
  },
  ...[ResponseType.THROTTLED, ResponseType.QUOTA_EXCEEDED].map((responseType) => ({
    responseType,
    status: 429,
    type: 'rate-limited',
    title: 'Too many requests',
    detail: 'Rate limited; try again later.',
    code: 'rate_limited' as const,
    headers: { 'Retry-After': String(GATEWAY_RETRY_AFTER_SECONDS) },
  })),
  {
    responseType: ResponseType.WAF_FILTERED,
    status: 403,
    type: 'forbidden',
    title: 'Forbidden',
    detail: 'Request blocked.',
    code: 'forbidden',
  },
  {
    responseType: ResponseType.REQUEST_TOO_LARGE,
    status: 413,
    type: 'payload-too-large',
    title: 'Payload too large',
    detail: 'The body is too large.',
    code: 'body_too_large',
  },
  {
    responseType: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: 415,
    type: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: 'Send the body as application/json.',
    code: 'unsupported_media_type',
  },
  {
    responseType: ResponseType.BAD_REQUEST_BODY,
    status: 400,
    type: 'validation',
    title: 'Invalid request',
    detail: 'The body is not JSON of the expected shape.',
    code: 'invalid_request',
  },
  {
    responseType: ResponseType.BAD_REQUEST_PARAMETERS,
    status: 400,
    type: 'validation',
    title: 'Invalid request',
    detail: 'A required parameter is missing.',
    code: 'invalid_request',
  },
  {
    responseType: ResponseType.DEFAULT_5XX,
    status: 502,
    type: 'internal',
    title: 'Internal server error',
    detail: 'Something went wrong on our side. Please try again later.',
    code: 'internal',
  },
];

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
        allowHeaders: ALLOWED_REQUEST_HEADERS,
        exposeHeaders: EXPOSED_HEADERS.split(', '),
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
    const literal = (value: string) => `'${value.replace(/'/g, '')}'`;
    for (const problem of GATEWAY_PROBLEMS) {
      this.restApi.addGatewayResponse(`Gw${problem.responseType.responseType}`, {
        type: problem.responseType,
        statusCode: String(problem.status),
        responseHeaders: {
          'Content-Type': literal(PROBLEM_CONTENT_TYPE),
          'Access-Control-Allow-Origin': literal('*'),
          'Access-Control-Expose-Headers': literal(EXPOSED_HEADERS),
          ...Object.fromEntries(Object.entries(problem.headers ?? {}).map(([k, v]) => [k, literal(v)])),
        },
        templates: gatewayProblemTemplate(problem),
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
      ...(uses.has('sms-queue') ? grants.smsQueue.environment() : {}),
      ...(uses.has('otp-secret') ? { OTP_HMAC_SECRET_ID: grants.otpSecret.secretArn } : {}),
      ...(uses.has('cursor-secret') ? { CURSOR_SECRET_ID: grants.cursorSecret.secretArn } : {}),
      ...(uses.has('client-address') ? { ORIGIN_VERIFY_SECRET_ID: grants.originVerifySecret.secretArn } : {}),
    };
    const fn = new RedressFunction(this, `fn-${route.name}`, {
      entry: handlerEntry(route),
      environment,
      logRetention: config.logRetention,
      ...(uses.has('otp-secret') || uses.has('cursor-secret') || uses.has('client-address')
        ? { extra: { paramsAndSecrets: secretsLayer } }
        : {}),
    });
    if (route.table !== 'none') grantTableAccess(grants.table, fn.fn, route.table);
    if (uses.has('sms')) Notifications.grantSms(fn.fn, uses.has('alerts'));
    if (uses.has('sms-queue')) grants.smsQueue.grantEnqueue(fn.fn);
    if (uses.has('alerts')) grants.notifications.grantAlerts(fn.fn);
    if (uses.has('otp-secret')) grants.otpSecret.grantRead(fn.fn);
    if (uses.has('cursor-secret')) grants.cursorSecret.grantRead(fn.fn);
    if (uses.has('client-address')) grants.originVerifySecret.grantRead(fn.fn);
    if (uses.has('scheduler')) grants.grantScheduling(fn.fn);
    return fn;
  }
}
