import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ROUTES } from '../lambdas/routes';
import {
  cognitoClaims,
  lambdaContext,
  matchRoute,
  proxyEvent,
  type StaffPrincipal,
} from '../local/api-gateway-event';
import { routeFunctions } from '../local/route-functions';

/** One API request, as a function's event will carry it. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/staff/grievances?limit=20`. */
  path: string;
  /** A customer bearer token. */
  token?: string;
  /** A staff member: the Cognito authorizer's claims are put in the event, as API Gateway does. */
  staff?: StaffPrincipal;
  body?: unknown;
}

/** A prepared invocation: the event and the handler, built once; `run()` is what Lambda times. */
export interface Invocation {
  route: string;
  run(): Promise<APIGatewayProxyResult>;
}

const functions = routeFunctions();

/**
 * A route's deployed handler module called in this process as the Lambda
 * runtime calls it: `handler(event, context)` with API Gateway's REST proxy
 * event (built by the local host's gateway model, outside the timing) and a
 * fresh Lambda context per call. No HTTP server, no sockets.
 */
export async function prepare(request: ApiRequest): Promise<Invocation> {
  const url = new URL(request.path, 'http://bench.local');
  const match = matchRoute(ROUTES, request.method, url.pathname);
  if (!match) throw new Error(`no route for ${request.method} ${url.pathname}`);
  const fn = await functions(match.route);
  const headers: Record<string, string> = {
    ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
  };
  // Built here, outside `run()`: API Gateway hands Lambda a finished event, so its making is not the handler's time.
  const event: APIGatewayProxyEvent = proxyEvent(
    {
      method: request.method,
      url,
      headers,
      body: Buffer.from(request.body === undefined ? '' : JSON.stringify(request.body)),
      remoteAddress: '203.0.113.9',
    },
    match,
    {
      functionName: fn.name,
      authorizer: request.staff ? { claims: cognitoClaims(request.staff) } : null,
    },
  );
  const context = lambdaContext(fn.name);
  return {
    route: fn.name,
    /** Call once: the event and context are this invocation's own. */
    run: () => fn.handler(event, context),
  };
}

/**
 * How long each call spent inside DynamoDB commands (the union of their
 * intervals, so parallel queries count once), measured by an SDK middleware on
 * the one document client every handler in this process uses.
 */
export class DynamoTimer {
  private intervals: [number, number][] = [];

  constructor(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next) => async (args) => {
        const start = performance.now();
        try {
          return await next(args);
        } finally {
          this.intervals.push([start, performance.now()]);
        }
      },
      { step: 'initialize', priority: 'high', name: 'redressBenchDynamoTimer', override: true },
    );
  }

  /** Runs `operation`; returns its wall time and the time inside DynamoDB commands, in ms. */
  async time<T>(operation: () => Promise<T>): Promise<{ value: T; totalMs: number; dynamoMs: number }> {
    this.intervals = [];
    const start = performance.now();
    const value = await operation();
    const totalMs = performance.now() - start;
    const sorted = [...this.intervals].sort((a, b) => a[0] - b[0]);
    let dynamoMs = 0;
    let end = Number.NEGATIVE_INFINITY;
    for (const [s, e] of sorted) {
      if (e <= end) continue;
      dynamoMs += e - Math.max(s, end);
      end = e;
    }
    return { value, totalMs, dynamoMs };
  }
}
