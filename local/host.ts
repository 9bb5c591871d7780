import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { Outbox, type OutboxAlert, type OutboxSms } from '../lambdas/adapters/local/outbox';
import { TimerScheduler } from '../lambdas/adapters/local/timer-scheduler';
import { type ProvidedPorts, provide, resetComposition } from '../lambdas/composition/lifetime';
import { resetConfig } from '../lambdas/config';
import type { RouteSpec } from '../lambdas/http/spec';
import { type Clock, systemClock } from '../lambdas/ports/clock';
import type { DeadlineScheduler } from '../lambdas/ports/scheduler';
import { handlerEntry, ROUTES } from '../lambdas/routes';
import type { SweepResult } from '../lambdas/use-cases/sweep-overdue';
import { createTable } from './create-table';
import { type RunningDynamo, startDynamoLocal, useLocalAwsEnvironment } from './dynamodb-local';

export interface LocalHostOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** Keep DynamoDB data (and the OTP key) here across restarts; in memory when absent. */
  dataDir?: string;
  /** Use an already running DynamoDB (tests share one per run). */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Extra environment (configuration) for the handlers, e.g. SLA_LEVEL_HOURS. */
  env?: Record<string, string>;
  clock?: Clock;
  onSms?: (m: OutboxSms) => void;
  onAlert?: (a: OutboxAlert) => void;
  /** Replaces the in-process timer scheduler (fault injection in tests). */
  scheduler?: DeadlineScheduler;
  /** Wraps the ports the host provides (the bench counts calls through it). */
  decoratePorts?: (ports: ProvidedPorts) => ProvidedPorts;
  /** How often the sweeper runs; default SWEEP_INTERVAL_SECONDS or 60. */
  sweepIntervalSeconds?: number;
}

export interface LocalHost {
  url: string;
  port: number;
  outbox: Outbox;
  tableName: string;
  dynamoEndpoint: string;
  /** The scheduler port in use (the timer scheduler unless one was given). */
  scheduler: DeadlineScheduler;
  /** Runs the sweeper handler now, as its interval would. */
  sweep(): Promise<SweepResult>;
  stop(): Promise<void>;
}

type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const PROBLEM = 'application/problem+json';

function problem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': PROBLEM, 'Access-Control-Allow-Origin': '*', ...headers });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Matches a request path against an API Gateway resource path; returns its path parameters. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] ?? '';
    const actual = p[i] ?? '';
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (!actual) return undefined;
      params[seg.slice(1, -1)] = decodeURIComponent(actual);
    } else if (seg !== actual) return undefined;
  }
  return params;
}

function readRaw(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function lambdaContext(route: RouteSpec): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${route.name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${route.name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/local-${route.name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Serves the deployed handler modules over HTTP, turning each request into the
 * API Gateway REST proxy event Lambda would receive. It emulates the Cognito
 * authorizer with tokens from POST /_local/token and keeps an SMS/alert outbox.
 */
export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  useLocalAwsEnvironment();
  let dynamo: RunningDynamo | undefined;
  if (!options.dynamoEndpoint)
    dynamo = await startDynamoLocal(options.dataDir ? { dataDir: options.dataDir } : {});
  const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo as RunningDynamo).endpoint;
  const tableName = options.tableName ?? 'redress-local';
  const ddb = new DynamoDBClient({ endpoint: dynamoEndpoint });
  await createTable(ddb, tableName);
  ddb.destroy();

  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    OTP_HMAC_KEY: process.env.OTP_HMAC_KEY ?? localHmacKey(options.dataDir),
    ...options.env,
  });
  resetConfig(); // this host's environment, even if another host ran in this process before

  const outbox = new Outbox({ onSms: options.onSms, onAlert: options.onAlert }, () =>
    (options.clock ?? { now: () => new Date() }).now(),
  );
  const clock = options.clock ?? systemClock;
  const timers = options.scheduler ? undefined : new TimerScheduler(clock);
  const scheduler = options.scheduler ?? (timers as TimerScheduler);
  // This host's adapters, afresh even if another host ran in this process before.
  resetComposition();
  const ports: ProvidedPorts = { sms: outbox, alerts: outbox, scheduler, clock };
  provide(options.decoratePorts ? options.decoratePorts(ports) : ports);

  const staffTokens = new Map<string, { sub: string; groups: string[] }>();
  const handlers = new Map<string, LambdaHandler>();
  const load = async (route: RouteSpec): Promise<LambdaHandler> => {
    let h = handlers.get(route.name);
    if (!h) {
      const mod = (await import(`../lambdas/${handlerEntry(route)}`)) as { handler: LambdaHandler };
      h = mod.handler;
      handlers.set(route.name, h);
    }
    return h;
  };

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const raw = await readRaw(req, 10 * 1024 * 1024); // API Gateway's own payload limit
      if (raw === 'too-large') return problem(res, 413, 'Payload too large', 'The body exceeds 10 MB.');

      if (url.pathname.startsWith('/_local/')) return localRoute(method, url, raw, res);

      if (method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
          'Access-Control-Allow-Headers': 'Content-Type,Authorization,Idempotency-Key,X-Correlation-Id',
          'Access-Control-Max-Age': '600',
        });
        return res.end();
      }

      const matched = ROUTES.map((r) => ({ route: r, params: matchPath(r.path, url.pathname) })).filter(
        (m) => m.params,
      );
      const hit = matched.find((m) => m.route.method === method);
      if (!hit?.params) return problem(res, 404, 'Not found', `No route for ${method} ${url.pathname}.`);
      const route = hit.route;

      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      let authorizer: APIGatewayProxyEvent['requestContext']['authorizer'] = null;
      if (route.auth === 'staff') {
        // API Gateway's Cognito authorizer: no valid token, no call to the function.
        const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
        const staff = token ? staffTokens.get(token) : undefined;
        if (!staff) return problem(res, 401, 'Unauthorized', 'A valid staff token is required.');
        authorizer = {
          claims: { sub: staff.sub, 'cognito:username': staff.sub, 'cognito:groups': staff.groups.join(',') },
        };
      }
      const query: Record<string, string> = {};
      url.searchParams.forEach((v, k) => {
        query[k] = v;
      });
      const requestId = randomUUID();
      const event: APIGatewayProxyEvent = {
        resource: route.path,
        path: url.pathname,
        httpMethod: method,
        headers,
        multiValueHeaders: {},
        queryStringParameters: Object.keys(query).length ? query : null,
        multiValueQueryStringParameters: null,
        pathParameters: Object.keys(hit.params).length ? hit.params : null,
        stageVariables: null,
        body: raw.length ? raw.toString('utf8') : null,
        isBase64Encoded: false,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          authorizer,
          httpMethod: method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          requestId,
          requestTimeEpoch: Date.now(),
          resourceId: route.name,
          resourcePath: route.path,
          stage: 'local',
          identity: {
            sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
            userAgent: headers['user-agent'] ?? null,
          } as APIGatewayProxyEvent['requestContext']['identity'],
        },
      };
      const handler = await load(route);
      const result = await handler(event, lambdaContext(route));
      res.writeHead(result.statusCode, result.headers as Record<string, string>);
      res.end(result.body);
    } catch (error) {
      console.error('local host: handler crashed', error);
      if (!res.headersSent) problem(res, 502, 'Bad gateway', 'The function failed.');
      else res.end();
    }
  });

  function localRoute(method: string, url: URL, raw: Buffer, res: ServerResponse) {
    if (method === 'GET' && url.pathname === '/_local/sms') {
      const to = url.searchParams.get('to');
      return json(res, 200, { messages: to ? outbox.sms.filter((m) => m.to === to) : outbox.sms });
    }
    if (method === 'GET' && url.pathname === '/_local/alerts')
      return json(res, 200, { alerts: outbox.alerts });
    if (method === 'POST' && url.pathname === '/_local/token') {
      let body: { sub?: unknown; groups?: unknown };
      try {
        body = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        return problem(res, 400, 'Invalid request', 'The body is not valid JSON.');
      }
      const groups = Array.isArray(body.groups)
        ? body.groups.filter((g): g is string => typeof g === 'string')
        : [];
      const sub = typeof body.sub === 'string' && body.sub ? body.sub : `staff-${randomUUID()}`;
      const token = `local.${randomBytes(24).toString('base64url')}`;
      staffTokens.set(token, { sub, groups });
      return json(res, 200, { token });
    }
    return problem(res, 404, 'Not found', `No local route ${method} ${url.pathname}.`);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 3000, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  // Deadlines: timers died with the last process, so re-arm every pending one (DATA_DIR), and sweep regularly.
  const { rearmDeadlines } = await import('../lambdas/use-cases/rearm-deadlines');
  const { grievanceRepository, grievanceSettings } = await import('../lambdas/composition/data');
  await rearmDeadlines({
    grievances: grievanceRepository(),
    scheduler,
    clock,
    settings: grievanceSettings(),
  });
  let sweeping: Promise<SweepResult> | undefined;
  const sweep = async (): Promise<SweepResult> => {
    const { handler } = await import('../lambdas/events/sweeper');
    sweeping ??= handler(undefined, { getRemainingTimeInMillis: () => 120_000 }).finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };
  const sweepSeconds = options.sweepIntervalSeconds ?? Number(process.env.SWEEP_INTERVAL_SECONDS || 60);
  const sweeper = setInterval(() => {
    sweep().catch((error: unknown) => console.error('local host: sweep failed', error));
  }, sweepSeconds * 1000);
  sweeper.unref();

  return {
    url: `http://localhost:${port}`,
    port,
    outbox,
    tableName,
    dynamoEndpoint,
    scheduler,
    sweep,
    stop: async () => {
      clearInterval(sweeper);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sweeping?.catch(() => undefined);
      await timers?.stop();
      await dynamo?.stop();
    },
  };
}

/** A random OTP key per run; with DATA_DIR, one kept beside the data so codes survive a restart. */
function localHmacKey(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = join(dataDir, 'otp-hmac.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}
