import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { LocalSmsQueue } from '../lambdas/adapters/local/local-sms-queue';
import { Outbox, type OutboxAlert, type OutboxSms } from '../lambdas/adapters/local/outbox';
import { TimerScheduler } from '../lambdas/adapters/local/timer-scheduler';
import { type ProvidedPorts, provide, resetComposition } from '../lambdas/composition/lifetime';
import { config, resetConfig } from '../lambdas/config';
import type { HttpResponse } from '../lambdas/http/problem';
import { type Clock, systemClock } from '../lambdas/ports/clock';
import type { DeadlineScheduler } from '../lambdas/ports/scheduler';
import type { SmsSender } from '../lambdas/ports/sms';
import { ROUTES } from '../lambdas/routes';
import type { SweepResult } from '../lambdas/use-cases/sweep-overdue';
import { buildWeb } from '../web/build';
import { authorize, bearerToken, lambdaContext, matchRoute, proxyEvent } from './api-gateway-event';
import { createTable } from './create-table';
import { type RunningDynamo, startDynamoLocal, useLocalAwsEnvironment } from './dynamodb-local';
import {
  badGateway,
  badPath,
  noRoute,
  payloadTooLarge,
  preflight,
  staffUnauthorized,
  withCors,
} from './gateway-answers';
import { LOCAL_PREFIX, localRoutes, StaffTokens } from './local-routes';
import { otpNotice } from './otp-notices';
import { routeFunctions } from './route-functions';
import { webAssets } from './web-assets';

export interface LocalHostOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** Address to bind (`HOST`); default 127.0.0.1, this machine only. */
  hostname?: string;
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
  /**
   * One-line notices for the console: an OTP request that sent no SMS because a
   * limit (or no match) held it back. Never carries a code.
   */
  onNotice?: (line: string) => void;
  /** Replaces the in-process timer scheduler (fault injection in tests). */
  scheduler?: DeadlineScheduler;
  /**
   * Wraps the final SMS transport (the outbox's recording send): OTPs, sent at once, and the SMS
   * queue's drainer both send through what it returns (e.g. a bench's throttling gateway).
   */
  smsGateway?: (deliver: SmsSender) => SmsSender;
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
  /** The queue of every customer SMS but OTPs (LOCALSMS# items in the local table), drained at SMS_MAX_PER_SECOND. */
  smsQueue: LocalSmsQueue;
  /** Resolves once every queued SMS was sent (or failed for good), waiting for the pace and retries, as `fireDueDeadlines()` for SMS. */
  drainSms(): Promise<void>;
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

/** Whether every segment of a request path is valid percent-encoding (API Gateway refuses others). */
function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The URL to reach a server bound to `hostname` (a wildcard or loopback address: localhost). */
export function hostUrl(hostname: string, port: number): string {
  if (['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'].includes(hostname))
    return `http://localhost:${port}`;
  return hostname.includes(':') ? `http://[${hostname}]:${port}` : `http://${hostname}:${port}`;
}

/** Listens on `port` of `hostname`; rejects (EADDRINUSE, EACCES, …) instead of throwing from an event. */
function listen(server: Server, port: number, hostname: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(port, hostname, () => {
      server.off('error', failed);
      resolve();
    });
  });
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
  // What a failed start must undo: nothing may outlive it (a DynamoDB Local's Java process least of all).
  const undo: (() => Promise<void>)[] = [];
  try {
    return await start(options, undo);
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  }
}

async function start(options: LocalHostOptions, undo: (() => Promise<void>)[]): Promise<LocalHost> {
  let dynamo: RunningDynamo | undefined;
  if (!options.dynamoEndpoint) {
    const running = await startDynamoLocal(options.dataDir ? { dataDir: options.dataDir } : {});
    undo.push(() => running.stop());
    dynamo = running;
  }
  const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo as RunningDynamo).endpoint;
  const tableName = options.tableName ?? 'redress-local';

  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    OTP_HMAC_KEY: process.env.OTP_HMAC_KEY ?? localHmacKey(options.dataDir),
    // Cursors live for a page or two: a new key each run is enough.
    CURSOR_KEY: process.env.CURSOR_KEY ?? randomBytes(32).toString('hex'),
    ...options.env,
  });
  resetConfig(); // this host's environment, even if another host ran in this process before
  config(); // a bad configuration fails the start here, before anything listens

  const ddb = new DynamoDBClient({ endpoint: dynamoEndpoint });
  try {
    await createTable(ddb, tableName);
  } finally {
    ddb.destroy();
  }

  const clock = options.clock ?? systemClock;
  const outbox = new Outbox({ onSms: options.onSms, onAlert: options.onAlert }, () => clock.now());
  const timers = options.scheduler
    ? undefined
    : new TimerScheduler(clock, { timers: options.timers ?? 'real' });
  if (timers) undo.push(() => timers.stop());
  const scheduler = options.scheduler ?? (timers as TimerScheduler);
  // This host's adapters, afresh even if another host ran in this process before.
  resetComposition();
  const gateway = options.smsGateway ? options.smsGateway(outbox) : outbox;
  const { SMS_MAX_PER_SECOND: perSecond, SMS_DRAIN_CONCURRENCY: drainers } = config();
  const smsQueue = new LocalSmsQueue({
    db: () => composition.documentClient(),
    table: tableName,
    // The drainer's own use case and deps, sending through this host's gateway.
    deliver: (message) => drainer.deliverSms({ ...drainer.deps(), gateway }, message),
    // As in AWS: each of the drainer's containers holds one send in hand, so a burst is one per container.
    pace: { perSecond, burst: drainers },
    now: () => clock.now(),
  });
  undo.push(() => smsQueue.stop());
  const ports: ProvidedPorts = { sms: gateway, smsQueue, alerts: outbox, scheduler, clock };
  provide(options.decoratePorts ? options.decoratePorts(ports) : ports);
  const composition = await import('../lambdas/composition/data');
  const drainer = {
    ...(await import('../lambdas/use-cases/deliver-sms')),
    deps: (await import('../lambdas/composition/sms-drainer')).deliverSmsDeps,
  };

  const tokens = new StaffTokens();
  const local = localRoutes({ outbox, smsQueue, tokens });
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
    if (!decodablePath(url.pathname)) return withCors(badPath(url.pathname), origin);
    if (url.pathname.startsWith(LOCAL_PREFIX))
      return withCors(await local({ method, url, body: raw }), origin);
    const page = web(method, url.pathname);
    if (page) return page;

    const match = matchRoute(ROUTES, method, url.pathname);
    if (!match) return withCors(noRoute(method, url.pathname), origin);
    const auth = authorize(match.route, req.headers, (token) => tokens.find(token));
    if (auth === 'unauthorized')
      return withCors(
        staffUnauthorized(url.pathname, bearerToken(req.headers) ? 'invalid' : 'missing'),
        origin,
      );
    const fn = await functionOf(match.route);
    const request = { method, url, headers: req.headers, body: raw, remoteAddress: req.socket.remoteAddress };
    const event = proxyEvent(request, match, { functionName: fn.name, authorizer: auth.authorizer });
    const smsBefore = outbox.sms.length;
    const result = await fn.handler(event, lambdaContext(fn.name));
    const notice = otpNotice(match.route.name, result, outbox.sms.length - smsBefore);
    if (notice) options.onNotice?.(notice);
    return result;
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

  const hostname = options.hostname ?? '127.0.0.1';
  await listen(server, options.port ?? 3000, hostname);
  undo.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
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
  // SMS a previous run left queued (DATA_DIR) go out now.
  void smsQueue.pump();
  const sweeper = setInterval(() => {
    sweep().catch((error: unknown) => console.error('local host: sweep failed', error));
  }, sweepSeconds * 1000);
  sweeper.unref();

  return {
    url: hostUrl(hostname, port),
    port,
    outbox,
    smsQueue,
    drainSms: () => smsQueue.drain(),
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
      await smsQueue.stop();
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
