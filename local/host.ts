import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { Outbox, type OutboxAlert, type OutboxSms } from '../lambdas/adapters/local/outbox';
import { TimerScheduler } from '../lambdas/adapters/local/timer-scheduler';
import { type ProvidedPorts, provide, resetComposition } from '../lambdas/composition/lifetime';
import { resetConfig } from '../lambdas/config';
import type { HttpResponse } from '../lambdas/http/problem';
import { type Clock, systemClock } from '../lambdas/ports/clock';
import type { DeadlineScheduler } from '../lambdas/ports/scheduler';
import { ROUTES } from '../lambdas/routes';
import type { SweepResult } from '../lambdas/use-cases/sweep-overdue';
import { buildWeb } from '../web/build';
import { authorize, lambdaContext, matchRoute, proxyEvent } from './api-gateway-event';
import { createTable } from './create-table';
import { type RunningDynamo, startDynamoLocal, useLocalAwsEnvironment } from './dynamodb-local';
import {
  badGateway,
  noRoute,
  payloadTooLarge,
  preflight,
  staffUnauthorized,
  withCors,
} from './gateway-answers';
import { LOCAL_PREFIX, localRoutes, StaffTokens } from './local-routes';
import { routeFunctions } from './route-functions';
import { webAssets } from './web-assets';

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
  /**
   * How the timer scheduler fires deadlines: `real` (default) with a timer each;
   * `manual` only when `fireDueDeadlines()` is called, by `clock` — for tests
   * that move the clock instead of waiting for it.
   */
  timers?: 'real' | 'manual';
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
  /**
   * Fires every deadline the timer scheduler holds that is due by the host's
   * clock, as its timers would once that moment came; resolves with how many it
   * fired, once they ran (0 with a scheduler given in the options).
   */
  fireDueDeadlines(): Promise<number>;
  stop(): Promise<void>;
}

const GATEWAY_PAYLOAD_LIMIT = 10 * 1024 * 1024; // API Gateway's own; the functions enforce 16 KiB

/** Reads the body, keeping at most `limit` bytes. */
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

/**
 * Serves the deployed handler modules over HTTP, turning each request into the
 * API Gateway REST proxy event Lambda would receive (api-gateway-event.ts). It
 * emulates the Cognito authorizer with tokens from POST /_local/token, keeps an
 * SMS/alert outbox (local-routes.ts), fires deadlines with in-process timers and
 * sweeps overdue grievances on an interval, as the deployed rule does.
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

  const clock = options.clock ?? systemClock;
  const outbox = new Outbox({ onSms: options.onSms, onAlert: options.onAlert }, () => clock.now());
  const timers = options.scheduler
    ? undefined
    : new TimerScheduler(clock, { timers: options.timers ?? 'real' });
  const scheduler = options.scheduler ?? (timers as TimerScheduler);
  // This host's adapters, afresh even if another host ran in this process before.
  resetComposition();
  const ports: ProvidedPorts = { sms: outbox, alerts: outbox, scheduler, clock };
  provide(options.decoratePorts ? options.decoratePorts(ports) : ports);

  const tokens = new StaffTokens();
  const local = localRoutes({ outbox, tokens });
  const functionOf = routeFunctions();
  const web = webAssets(await buildWeb());

  /** One request, as API Gateway would answer it: its own answers, or the function's. */
  const dispatch = async (req: IncomingMessage): Promise<HttpResponse | APIGatewayProxyResult> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    const raw = await readRaw(req, GATEWAY_PAYLOAD_LIMIT);
    if (raw === 'too-large') return withCors(payloadTooLarge(url.pathname, GATEWAY_PAYLOAD_LIMIT), origin);
    if (method === 'OPTIONS') return preflight(origin);
    if (url.pathname.startsWith(LOCAL_PREFIX)) return withCors(local({ method, url, body: raw }), origin);
    const page = web(method, url.pathname);
    if (page) return page;

    const match = matchRoute(ROUTES, method, url.pathname);
    if (!match) return withCors(noRoute(method, url.pathname), origin);
    const auth = authorize(match.route, req.headers, (token) => tokens.find(token));
    if (auth === 'unauthorized') return withCors(staffUnauthorized(url.pathname), origin);
    const fn = await functionOf(match.route);
    const request = { method, url, headers: req.headers, body: raw, remoteAddress: req.socket.remoteAddress };
    const event = proxyEvent(request, match, { functionName: fn.name, authorizer: auth.authorizer });
    return fn.handler(event, lambdaContext(fn.name));
  };

  const server: Server = createServer(async (req, res) => {
    try {
      const result = await dispatch(req);
      res.writeHead(result.statusCode, result.headers as Record<string, string>);
      res.end(result.body);
    } catch (error) {
      console.error('local host: handler crashed', error);
      if (res.headersSent) return void res.end();
      const response = withCors(
        badGateway(new URL(req.url ?? '/', 'http://localhost').pathname),
        req.headers.origin,
      );
      res.writeHead(response.statusCode, response.headers);
      res.end(response.body);
    }
  });

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
    fireDueDeadlines: async () => (timers ? timers.fireDue() : 0),
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
