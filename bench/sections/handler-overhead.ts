import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tokenHash } from '../../lambdas/adapters/dynamodb/token-repository';
import { INDEXES, keys } from '../../lambdas/table';
import { type ApiRequest, DynamoTimer, prepare } from '../invoke';
import { percentile, round } from '../stats';
import type { BenchContext } from './context';
import { CODE, PHONE, seedChallenges, seedServiceOrder } from './latency';
import { seedGrievances } from './seed';

type Budget = { name: string; limit: string; actual: string; met: boolean };

export interface OverheadRow {
  operation: string;
  calls: number;
  'p50 ms': number;
  'p99 ms': number;
  /** The same DynamoDB calls made directly (or, where marked, timed inside the invocation). */
  'floor p50 ms': number;
  floor: string;
  /** Median over calls of (the call's time − its time inside DynamoDB commands). */
  'own time p50 ms': number;
}

const PRESIDENT = { sub: 'bench-president-overhead', groups: ['president-office'] };

interface Operation {
  name: string;
  /** A fresh request per call (some consume what they use, e.g. an OTP challenge). */
  request: (i: number) => ApiRequest;
  status: number;
  /** The same DynamoDB calls made directly; absent: the floor is the call's own time inside DynamoDB. */
  floor?: { label: string; run: () => Promise<unknown> };
}

/**
 * Each hot operation's handler invoked in this process as the Lambda runtime
 * invokes it (one call at a time, event built outside the timing), next to a
 * floor of the same DynamoDB calls made directly, alternating call by call so
 * both see the same machine. Budget: handler p50 ≤ floor p50 + 1 ms.
 */
export async function handlerOverheadSection(
  ctx: BenchContext,
  options: { calls: number },
): Promise<{ rows: OverheadRow[]; budgets: Budget[] }> {
  const { doc, table } = ctx;
  const timer = new DynamoTimer(doc);
  const orderId = await seedServiceOrder(ctx);
  const token = await ctx.customerToken(PHONE);
  await seedGrievances(ctx, { count: 200, open: 200, phonePrefix: '+91960' });
  const challenges = await seedChallenges(ctx, options.calls + 50);
  const queueQuery = (level: number) =>
    doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: INDEXES.queue.name,
        KeyConditionExpression: 'queuePk = :pk',
        ExpressionAttributeValues: { ':pk': `OPEN#${level}` },
        ScanIndexForward: true,
        Limit: 20,
      }),
    );

  const operations: Operation[] = [
    {
      name: 'GET /service-orders/{id}',
      request: () => ({ method: 'GET', path: `/service-orders/${orderId}`, token }),
      status: 200,
      floor: {
        label: 'direct: 2 × GetItem (token, order)',
        run: async () => {
          await doc.send(new GetCommand({ TableName: table, Key: keys.token(tokenHash(token)) }));
          await doc.send(new GetCommand({ TableName: table, Key: keys.serviceOrder(orderId) }));
        },
      },
    },
    {
      name: 'GET /staff/grievances (queue)',
      request: () => ({ method: 'GET', path: '/staff/grievances?limit=20', staff: PRESIDENT }),
      status: 200,
      floor: {
        label: 'direct: 3 × Query in parallel (one per level)',
        run: () => Promise.all([1, 2, 3].map(queueQuery)),
      },
    },
    {
      // Its DynamoDB calls are being changed (issue 14, item 1): the floor is whatever calls it makes.
      name: 'POST /otp/verify',
      request: (i) => ({
        method: 'POST',
        path: '/otp/verify',
        body: { challengeId: challenges[i % challenges.length], code: CODE },
      }),
      status: 200,
    },
  ];

  const rows: OverheadRow[] = [];
  const budgets: Budget[] = [];
  for (const op of operations) {
    const calls: number[] = [];
    const own: number[] = [];
    const inDynamo: number[] = [];
    const floor: number[] = [];
    const once = async (i: number, record: boolean) => {
      const invocation = await prepare(op.request(i));
      const { value, totalMs, dynamoMs } = await timer.time(() => invocation.run());
      if (value.statusCode !== op.status)
        throw new Error(`${op.name}: expected ${op.status}, got ${value.statusCode} ${value.body}`);
      if (op.floor) {
        const t = performance.now();
        await op.floor.run();
        if (record) floor.push(performance.now() - t);
      }
      if (!record) return;
      calls.push(totalMs);
      inDynamo.push(dynamoMs);
      own.push(totalMs - dynamoMs);
    };
    // Warm both paths (and DynamoDB Local's JIT) first; OTP challenges are used up, so index on.
    const warmup = 30;
    for (let i = 0; i < warmup; i++) await once(i, false);
    for (let i = warmup; i < warmup + options.calls; i++) await once(i, true);
    const p50 = round(percentile(calls, 50), 3);
    const floorP50 = round(percentile(op.floor ? floor : inDynamo, 50), 3);
    rows.push({
      operation: op.name,
      calls: calls.length,
      'p50 ms': p50,
      'p99 ms': round(percentile(calls, 99), 3),
      'floor p50 ms': floorP50,
      floor: op.floor?.label ?? 'its own DynamoDB calls, timed inside the invocation',
      'own time p50 ms': round(percentile(own, 50), 3),
    });
    budgets.push({
      name: `${op.name} in-process p50`,
      limit: '≤ floor p50 + 1 ms',
      actual: `${p50 >= floorP50 ? '+' : '−'}${round(Math.abs(p50 - floorP50), 2)} ms (${p50} vs ${floorP50} ms)`,
      met: p50 <= floorP50 + 1,
    });
  }
  return { rows, budgets };
}
