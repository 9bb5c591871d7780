import type { DeadlineEvent } from '../../lambdas/ports/scheduler';
import { ESCALATION_CONTEXT } from '../../test/support/grievances';
import { call, codeFrom, lastSms, staffToken } from '../../test/support/http';
import type { BenchContext } from './context';

export interface CallRow {
  operation: string;
  reads: number;
  writes: number;
  scans: number;
  /** DynamoDB calls one after another (calls in flight together count once). */
  roundTrips: number;
  /** The most sequential round trips the operation may take. */
  roundTripBudget: number;
  sms: number;
  alerts: number;
  schedules: number;
  cancels: number;
  commands: string;
}

type Budget = { name: string; limit: string; actual: string; met: boolean };

/**
 * Sequential DynamoDB round trips each operation may take. OTP: the limits' logs in one
 * BatchGetItem (with the lookup alongside), then one TransactWriteItems with the challenge;
 * a matched lookup reads its numbers' logs in between. Verify: the challenge, then its
 * redeeming transaction and the customer's records together. The rest: as measured.
 */
const ROUND_TRIP_BUDGETS: Record<string, number> = {
  'OTP request (PHONE)': 2,
  'OTP request (IMEI, matched)': 3,
  'OTP verify': 2,
  'create service order': 1,
  'status change': 2,
  'GET service order': 2,
  'create grievance': 2,
  'staff resolve': 2,
  'escalation (deadline fired)': 2,
  // Customer lists: the token, then the query it names. Staff lists and searches: one round of
  // queries (several partitions or look-ups at once); the staff identity costs no call.
  'GET /service-orders (customer)': 2,
  'GET /grievances?limit=20 (customer page)': 2,
  'GET /session': 1,
  'GET /staff/service-orders (5 status partitions merged)': 1,
  'GET /staff/service-orders?status=': 1,
  'GET /staff/service-orders?serviceCentre= (byParent)': 1,
  'GET /staff/service-orders?q=<order id>': 1,
  'GET /staff/service-orders?q=<IMEI>': 1,
  'GET /staff/service-orders?q=<national phone>': 1,
  'GET /staff/grievances (queue, 2 levels merged)': 1,
  'GET /staff/grievances?q=<phone>': 1,
  'GET /staff/grievances?q=<service order id>': 1,
  'GET /staff/grievances?q=<grievance id>': 1,
  'GET /staff/grievances/{id} (level rule)': 1,
};

function expectStatus(result: { status: number; text: string }, status: number, what: string) {
  if (result.status !== status)
    throw new Error(`${what}: expected ${status}, got ${result.status} ${result.text}`);
}

/** Counts DynamoDB commands and port calls per operation, each run alone through the real handlers. */
export async function awsCallsSection(ctx: BenchContext): Promise<{ rows: CallRow[]; budgets: Budget[] }> {
  const url = ctx.host.url;
  const ports = ctx.ports;
  const rows: CallRow[] = [];
  const measure = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    // What earlier requests queued is delivered first (the local queue's pace may have held it).
    await ctx.host.drainSms();
    ports.reset();
    let value: T | undefined;
    ports.hold();
    const count = await ctx.counter.measure(async () => {
      value = await run();
    });
    await ports.release();
    // Everything it queued, delivered before the next operation is counted.
    await ctx.host.drainSms();
    const p = ports.reset();
    const roundTripBudget = ROUND_TRIP_BUDGETS[operation];
    if (roundTripBudget === undefined) throw new Error(`no round-trip budget for "${operation}"`);
    rows.push({ operation, ...count, roundTripBudget, ...p, commands: count.commands.join(' ') });
    return value as T;
  };

  const phone = '+919700000001';
  const centre = await staffToken(url, 'bench-centre', ['service-centre']);
  const desk = await staffToken(url, 'bench-desk', ['grievance-desk']);

  const otp = await measure('OTP request (PHONE)', () =>
    call<{ challengeId: string }>(url, 'POST', '/otp', {
      body: { identifierType: 'PHONE', identifier: phone },
    }),
  );
  expectStatus(otp, 202, 'OTP request');
  const code = codeFrom(await lastSms(url, phone));
  const verified = await measure('OTP verify', () =>
    call<{ accessToken: string }>(url, 'POST', '/otp/verify', {
      body: { challengeId: otp.body.challengeId, code },
    }),
  );
  expectStatus(verified, 200, 'OTP verify');
  const token = verified.body.accessToken;

  const order = await measure('create service order', () =>
    call<{ id: string }>(url, 'POST', '/staff/service-orders', {
      token: centre,
      body: {
        customer: { name: 'Bench Customer', phone },
        device: { model: 'Redmi Note 13', imei: '356938035643809' },
        issue: 'Display flickers',
        serviceCentre: 'Bengaluru Koramangala',
      },
    }),
  );
  expectStatus(order, 201, 'create service order');
  const lookup = await measure('OTP request (IMEI, matched)', () =>
    call(url, 'POST', '/otp', { body: { identifierType: 'IMEI', identifier: '356938035643809' } }),
  );
  expectStatus(lookup, 202, 'OTP request (IMEI)');
  const status = await measure('status change', () =>
    call(url, 'POST', `/staff/service-orders/${order.body.id}/status`, {
      token: centre,
      body: { status: 'WORK_IN_PROGRESS' },
    }),
  );
  expectStatus(status, 200, 'status change');
  const got = await measure('GET service order', () =>
    call(url, 'GET', `/service-orders/${order.body.id}`, { token }),
  );
  expectStatus(got, 200, 'GET service order');

  const grievanceBody = {
    name: 'Bench Customer',
    category: 'REPAIR_DELAY',
    description: 'My phone has been at the service centre for two weeks.',
    channel: 'APP',
  };
  const created = await measure('create grievance', () =>
    call<{ id: string; dueAt: string }>(url, 'POST', '/grievances', { token, body: grievanceBody }),
  );
  expectStatus(created, 201, 'create grievance');
  const resolved = await measure('staff resolve', () =>
    call(url, 'POST', `/staff/grievances/${created.body.id}/responses`, {
      token: desk,
      body: { message: 'Your repair is complete; collect it today.', resolve: true },
    }),
  );
  expectStatus(resolved, 200, 'staff resolve');

  const second = await call<{ id: string; dueAt: string }>(url, 'POST', '/grievances', {
    token,
    body: grievanceBody,
  });
  expectStatus(second, 201, 'create grievance');
  const { handler: escalate } = (await import('../../lambdas/events/escalation')) as unknown as {
    handler: (event: DeadlineEvent, context: unknown) => Promise<unknown>;
  };
  ctx.clock.advance((Date.parse(second.body.dueAt) - ctx.clock.now().getTime()) / 1000 + 1);
  await measure('escalation (deadline fired)', () =>
    escalate({ grievanceId: second.body.id, level: 1, dueAt: second.body.dueAt }, ESCALATION_CONTEXT),
  );

  // The lists and searches: each must be key reads and index queries only (0 scans).
  const head = await staffToken(url, 'bench-head', ['customer-service-head']);
  // The bench clock moved past the OTP token's expiry (the escalation above): a fresh one.
  const listToken = await ctx.customerToken(phone);
  const lists: [string, string, string | undefined][] = [
    ['GET /service-orders (customer)', '/service-orders', listToken],
    ['GET /grievances?limit=20 (customer page)', '/grievances?limit=20', listToken],
    ['GET /session', '/session', listToken],
    ['GET /staff/service-orders (5 status partitions merged)', '/staff/service-orders?limit=20', centre],
    ['GET /staff/service-orders?status=', '/staff/service-orders?status=WORK_IN_PROGRESS', centre],
    [
      'GET /staff/service-orders?serviceCentre= (byParent)',
      `/staff/service-orders?serviceCentre=${encodeURIComponent('Bengaluru Koramangala')}`,
      centre,
    ],
    ['GET /staff/service-orders?q=<order id>', `/staff/service-orders?q=${order.body.id}`, desk],
    ['GET /staff/service-orders?q=<IMEI>', '/staff/service-orders?q=356938035643809', desk],
    ['GET /staff/service-orders?q=<national phone>', `/staff/service-orders?q=${phone.slice(3)}`, desk],
    ['GET /staff/grievances (queue, 2 levels merged)', '/staff/grievances', head],
    ['GET /staff/grievances?q=<phone>', `/staff/grievances?q=${encodeURIComponent(phone)}`, head],
    ['GET /staff/grievances?q=<service order id>', `/staff/grievances?q=${order.body.id}`, head],
    ['GET /staff/grievances?q=<grievance id>', `/staff/grievances?q=${created.body.id}`, head],
    ['GET /staff/grievances/{id} (level rule)', `/staff/grievances/${created.body.id}`, head],
  ];
  for (const [operation, path, bearer] of lists) {
    const r = await measure(operation, () => call(url, 'GET', path, bearer ? { token: bearer } : {}));
    expectStatus(r, 200, operation);
  }

  const find = (name: string) => rows.find((r) => r.operation === name);
  const getOrder = find('GET service order');
  const escalation = find('escalation (deadline fired)');
  const budgets: Budget[] = [
    {
      name: 'GET service order DynamoDB reads',
      limit: '≤ 2 reads, 0 writes',
      actual: `${getOrder?.reads} reads, ${getOrder?.writes} writes`,
      met: (getOrder?.reads ?? 99) <= 2 && getOrder?.writes === 0,
    },
    {
      name: 'escalation DynamoDB calls',
      limit: '≤ 1 read + 1 conditional write',
      actual: `${escalation?.reads} reads, ${escalation?.writes} writes`,
      met: (escalation?.reads ?? 99) <= 1 && (escalation?.writes ?? 99) <= 1,
    },
    ...rows.map((r) => ({
      name: `${r.operation} sequential DynamoDB round trips`,
      limit: `≤ ${r.roundTripBudget}`,
      actual: String(r.roundTrips),
      met: r.roundTrips <= r.roundTripBudget,
    })),
    {
      name: 'List and search DynamoDB writes',
      limit: '0 writes, 0 scans',
      actual: `${rows
        .filter((r) => r.operation.startsWith('GET /'))
        .reduce((n, r) => n + r.writes, 0)} writes, ${rows
        .filter((r) => r.operation.startsWith('GET /'))
        .reduce((n, r) => n + r.scans, 0)} scans`,
      met: rows.filter((r) => r.operation.startsWith('GET /')).every((r) => r.writes === 0 && r.scans === 0),
    },
    {
      name: 'Scans on any operation',
      limit: '0',
      actual: String(rows.reduce((n, r) => n + r.scans, 0)),
      met: rows.every((r) => r.scans === 0),
    },
  ];
  return { rows, budgets };
}
