import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoOtpRepository } from '../../lambdas/adapters/dynamodb/otp-repository';
import { tokenHash } from '../../lambdas/adapters/dynamodb/token-repository';
import { hashOtp, randomToken } from '../../lambdas/domain/otp-policy';
import { INDEXES, keys } from '../../lambdas/table';
import { createServiceOrder, staffToken } from '../../test/support/http';
import { type LoadResult, load, loadHttp } from '../load';
import type { BenchContext } from './context';

export type LatencyRow = { target: string } & LoadResult;

export const PHONE = '+919700000002';
export const CODE = '424242';

/** A service order of PHONE, created through POST /staff/service-orders. */
export async function seedServiceOrder(ctx: BenchContext): Promise<string> {
  const centre = await staffToken(ctx.host.url, 'bench-centre-2', ['service-centre']);
  const created = await createServiceOrder(ctx.host.url, centre, {
    phone: PHONE,
    name: 'Latency Customer',
    device: { model: 'Redmi 13C', serialNumber: 'RM13C000123' },
    issue: 'Battery drains quickly',
    serviceCentre: 'Pune Camp',
  });
  if (created.status !== 201) throw new Error(`create order: ${created.status} ${created.text}`);
  return created.body.id;
}

/** Stores `count` live OTP challenges for PHONE whose code is CODE, as POST /otp would. */
export async function seedChallenges(ctx: BenchContext, count: number): Promise<string[]> {
  const otps = new DynamoOtpRepository(ctx.doc, ctx.table);
  const ids = Array.from({ length: count }, () => randomToken(18));
  const now = ctx.clock.now();
  for (let i = 0; i < ids.length; i += 64) {
    await Promise.all(
      ids.slice(i, i + 64).map((id) =>
        otps.create({
          id,
          identifierType: 'PHONE',
          identifier: PHONE,
          recipients: [
            { phone: PHONE, codeHash: hashOtp(ctx.hmacKey, id, PHONE, CODE), serviceOrderIds: [] },
          ],
          attempts: 0,
          maxAttempts: 5,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
        }),
      ),
    );
  }
  return ids;
}

/**
 * p50/p99 and throughput over real HTTP *through the local host* for
 * GET /service-orders/{id} and POST /otp/verify, each next to a floor that makes
 * DynamoDB calls directly from this process. What this measures is the local
 * host under load — its Node HTTP server, the API Gateway stand-in and the
 * handlers sharing one thread with DynamoDB Local and the clients on the same
 * cores — not Lambda, where API Gateway does the HTTP work; the handlers' own
 * overhead is the in-process section's. No budget here. The HTTP clients run in
 * a worker thread, apart from the host's event loop, as real clients would.
 */
export async function latencySection(
  ctx: BenchContext,
  options: { durationMs: number; concurrency: number },
): Promise<{ rows: LatencyRow[] }> {
  const url = ctx.host.url;
  const { doc, table } = ctx;
  const orderId = await seedServiceOrder(ctx);
  const token = await ctx.customerToken(PHONE);
  const rows: LatencyRow[] = [];

  const getOverHttp = (run: typeof options) =>
    loadHttp(
      url,
      {
        method: 'GET',
        path: `/service-orders/${orderId}`,
        headers: { authorization: `Bearer ${token}` },
        expectStatus: 200,
      },
      run,
    );
  const getFloor = (run: typeof options) =>
    load(async () => {
      const t = await doc.send(new GetCommand({ TableName: table, Key: keys.token(tokenHash(token)) }));
      const o = await doc.send(new GetCommand({ TableName: table, Key: keys.serviceOrder(orderId) }));
      return Boolean(t.Item && o.Item);
    }, run);
  // DynamoDB Local's JVM is twice as fast once warm: warm it (and both paths) first, or whichever
  // target runs first is charged for the JIT.
  const warm = { ...options, durationMs: Math.min(options.durationMs, 3000) };
  await getOverHttp(warm);
  await getFloor(warm);
  const httpGet = await getOverHttp(options);
  const floorGet = await getFloor(options);
  rows.push(
    { target: 'GET /service-orders/{id}', ...httpGet },
    { target: '  floor: 2 × GetItem', ...floorGet },
  );

  const estimate = Math.ceil((options.durationMs / 1000) * 1500) + 200;
  const httpIds = await seedChallenges(ctx, estimate);
  const floorIds = await seedChallenges(ctx, estimate);
  const httpVerify = await loadHttp(
    url,
    {
      method: 'POST',
      path: '/otp/verify',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challengeId: '{i}', code: CODE }),
      values: httpIds,
      expectStatus: 200,
    },
    options,
  );
  const floorVerify = await load(async (i) => {
    const id = floorIds[i];
    if (!id) return false;
    const now = new Date().toISOString();
    await doc.send(new GetCommand({ TableName: table, Key: keys.otp(id), ConsistentRead: true }));
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.otp(id),
        UpdateExpression: 'SET usedAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(usedAt) AND attempts < maxAttempts',
        ExpressionAttributeValues: { ':at': now },
      }),
    );
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.token(tokenHash(randomToken())), phone: PHONE, expiresAt: now },
      }),
    );
    await Promise.all(
      ['SO#', 'GRV#'].map((prefix) =>
        doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: INDEXES.byPhone.name,
            KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
            ExpressionAttributeValues: { ':p': keys.phonePartition(PHONE), ':s': prefix },
          }),
        ),
      ),
    );
    return true;
  }, options);
  rows.push(
    { target: 'POST /otp/verify', ...httpVerify },
    { target: '  floor: Get+Update+Put+2×Query', ...floorVerify },
  );

  return { rows };
}
