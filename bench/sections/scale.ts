import { grievanceReader, grievanceSettings } from '../../lambdas/composition/data';
import { config } from '../../lambdas/config';
import { slaMs } from '../../lambdas/domain/grievance-sla';
import { dayIn } from '../../lambdas/domain/grievance-stats';
import type { DeadlineEvent } from '../../lambdas/ports/scheduler';
import { spec as staffListSpec } from '../../lambdas/routes/staff-grievance-list/spec';
import { toJSONSchema } from '../../lambdas/schemas/z';
import { ESCALATION_CONTEXT } from '../../test/support/grievances';
import { type ApiRequest, prepare } from '../invoke';
import { median, round } from '../stats';
import type { BenchContext } from './context';
import { seedGrievances } from './seed';

type Budget = { name: string; limit: string; actual: string; met: boolean };
export interface ScaleRow {
  measure: string;
  value: string;
}

const PRESIDENT = { sub: 'bench-president-scale', groups: ['president-office'] };
/** A customer of the seeded grievances (seed.ts: prefix + counter, 50 grievances each). */
const SEARCHED_PHONE = '+919500000007';

/**
 * The staff reads timed at both sizes. Search (`GET /staff/grievances?q=`) is
 * timed once the route's query schema takes `q`; until then its row says so.
 */
const STAFF_READS: { name: string; path: string; needs?: string }[] = [
  { name: 'staff queue (first page of 20)', path: '/staff/grievances?limit=20' },
  {
    name: 'staff search by phone',
    path: `/staff/grievances?q=${encodeURIComponent(SEARCHED_PHONE)}&limit=20`,
    needs: 'q',
  },
];

const queryTakes = (name: string): boolean => {
  const schema = staffListSpec.query
    ? (toJSONSchema(staffListSpec.query, { io: 'input', unrepresentable: 'any' }) as object)
    : {};
  return name in ((schema as { properties?: object }).properties ?? {});
};

async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/**
 * p50 of `samples` calls of a handler, in process and one at a time (as Lambda runs one container),
 * after 100 untimed ones: DynamoDB Local's JVM is twice as fast once warm, and the small case runs first.
 */
async function p50(request: ApiRequest, samples: number): Promise<number> {
  const times: number[] = [];
  const warmup = 100;
  for (let i = 0; i < samples + warmup; i++) {
    const invocation = await prepare(request);
    const t = performance.now();
    const r = await invocation.run();
    if (i >= warmup) times.push(performance.now() - t);
    if (r.statusCode !== 200) throw new Error(`${request.path}: ${r.statusCode} ${r.body}`);
  }
  return round(median(times), 3);
}

/** DynamoDB commands and items read, per command name, while `operation` runs. */
async function countReads<T>(ctx: BenchContext, operation: () => Promise<T>) {
  const counts = { commands: 0, queries: 0, gets: 0, itemsRead: 0 };
  const name = 'redressBenchReadCounter';
  ctx.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const command = String(context.commandName);
      const output = result.output as { Count?: number; Item?: unknown; ScannedCount?: number };
      if (command === 'QueryCommand') {
        counts.queries++;
        counts.itemsRead += output.ScannedCount ?? output.Count ?? 0;
      } else if (command === 'GetItemCommand') {
        counts.gets++;
        counts.itemsRead += output.Item ? 1 : 0;
      }
      if (command === 'QueryCommand' || command === 'GetItemCommand' || command === 'ScanCommand')
        counts.commands++;
      return result;
    },
    { step: 'initialize', name, override: true },
  );
  try {
    const value = await operation();
    return { ...counts, value };
  } finally {
    ctx.doc.middlewareStack.remove(name);
  }
}

/**
 * Scale, with grievances written straight to the table (seed.ts):
 *  - the staff queue (and search, once it exists) at `small` vs `large` stored
 *    grievances, a fifth of them open, timed in process;
 *  - the sweeper's reads per run with nothing due and with `due` due, among
 *    the large set's open grievances;
 *  - `simultaneous` grievances due at one moment, each deadline delivered twice
 *    at once: every one escalates exactly once.
 */
export async function scaleSection(
  ctx: BenchContext,
  options: { small: number; large: number; due: number; simultaneous: number; samples: number },
): Promise<{ rows: ScaleRow[]; budgets: Budget[] }> {
  const rows: ScaleRow[] = [];
  const budgets: Budget[] = [];
  const openShare = 0.2;
  const reads = STAFF_READS.filter((r) => !r.needs || queryTakes(r.needs));
  for (const r of STAFF_READS.filter((x) => !reads.includes(x)))
    rows.push({ measure: r.name, value: `not measured: GET /staff/grievances takes no \`${r.needs}\` yet` });

  const seed = async (count: number, phonePrefix: string) => {
    const t = performance.now();
    await seedGrievances(ctx, { count, open: Math.round(count * openShare), phonePrefix });
    return round((performance.now() - t) / 1000, 1);
  };
  const time = async () => {
    const out = new Map<string, number>();
    for (const r of reads)
      out.set(r.name, await p50({ method: 'GET', path: r.path, staff: PRESIDENT }, options.samples));
    return out;
  };

  const smallSeconds = await seed(options.small, '+9195');
  const small = await time();
  const largeSeconds = await seed(options.large - options.small, '+9194');
  const large = await time();
  const open = (n: number) => Math.round(n * openShare).toLocaleString('en');
  rows.push(
    {
      measure: `wrote ${options.small.toLocaleString('en')} grievances (BatchWriteItem), ${open(options.small)} open`,
      value: `${smallSeconds} s`,
    },
    {
      measure: `wrote ${(options.large - options.small).toLocaleString('en')} more, ${open(options.large)} open in all`,
      value: `${largeSeconds} s`,
    },
  );
  for (const r of reads) {
    const a = small.get(r.name) ?? Number.NaN;
    const b = large.get(r.name) ?? Number.NaN;
    rows.push(
      { measure: `${r.name} p50, ${options.small.toLocaleString('en')} stored`, value: `${a} ms` },
      { measure: `${r.name} p50, ${options.large.toLocaleString('en')} stored`, value: `${b} ms` },
    );
    budgets.push({
      name: `${r.name} p50 at ${options.large.toLocaleString('en')} vs ${options.small.toLocaleString('en')} stored`,
      limit: '≤ 1.5×',
      actual: `${(b / a).toFixed(2)}× (${b} vs ${a} ms)`,
      met: b / a <= 1.5,
    });
  }

  // The sweeper: what it reads per run should follow what is due, not what is open.
  const { handler: sweep } = (await import('../../lambdas/events/sweeper')) as unknown as {
    handler: (event: unknown, context: unknown) => Promise<{ checked: number; changed: number }>;
  };
  await sweep({}, ESCALATION_CONTEXT); // whatever earlier sections left due
  const idle = await countReads(ctx, () => sweep({}, ESCALATION_CONTEXT));
  const settings = grievanceSettings();
  await seedGrievances(ctx, {
    count: options.due,
    open: options.due,
    phonePrefix: '+9193',
    filedAt: new Date(ctx.clock.now().getTime() - slaMs(1, settings) - 60_000),
  });
  const busy = await countReads(ctx, () => sweep({}, ESCALATION_CONTEXT));
  const sweepRow = (label: string, r: typeof idle) => ({
    measure: `sweeper run, ${label}`,
    value: `${r.commands} reads (${r.queries} Query, ${r.gets} GetItem), ${r.itemsRead} items read; ${r.value.changed} escalated`,
  });
  rows.push(
    sweepRow(`${open(options.large)} open, none due`, idle),
    sweepRow(`${open(options.large)} open, ${options.due} due`, busy),
  );
  // One Query page per 500 due (the index holds only pending deadlines, read up to now) and one read each.
  const bound = Math.ceil(options.due / 500) + 1 + options.due;
  budgets.push({
    name: `sweeper reads per run with ${open(options.large)} open`,
    limit: `≤ 1 + ⌈due/500⌉ + due (0 due: ≤ 1; ${options.due} due: ≤ ${bound})`,
    actual: `0 due: ${idle.commands} reads, ${idle.itemsRead} items; ${options.due} due: ${busy.commands} reads, ${busy.itemsRead} items`,
    met:
      idle.commands <= 1 &&
      idle.itemsRead === 0 &&
      busy.commands <= bound &&
      busy.value.changed === options.due,
  });

  // Deadlines at one moment: filed together one SLA ago, so all fall due at the same instant, just past.
  const batch = await seedGrievances(ctx, {
    count: options.simultaneous,
    open: options.simultaneous,
    phonePrefix: '+9192',
    filedAt: new Date(ctx.clock.now().getTime() - slaMs(1, settings) - 1000),
  });
  const dueAt = batch[0]?.dueAt ?? '';
  const sameMoment = batch.every((g) => g.dueAt === dueAt);
  const { handler: escalate } = (await import('../../lambdas/events/escalation')) as unknown as {
    handler: (event: DeadlineEvent, context: unknown) => Promise<unknown>;
  };
  // The SLA report around the run: its level-1 deadline escalations must grow by exactly the batch.
  const reportRange = (() => {
    const now = ctx.clock.now().getTime();
    const day = (ms: number) => dayIn(new Date(ms), config().REPORT_TIME_ZONE);
    return `from=${day(now - 86_400_000)}&to=${day(now + 86_400_000)}`;
  })();
  const escalatedOnDeadline = async () => {
    const invocation = await prepare({
      method: 'GET',
      path: `/staff/reports/sla?${reportRange}`,
      staff: PRESIDENT,
    });
    const r = await invocation.run();
    if (r.statusCode !== 200) throw new Error(`SLA report: ${r.statusCode} ${r.body}`);
    const body = JSON.parse(r.body) as { levels: { escalatedOnDeadline: number }[] };
    return body.levels[0]?.escalatedOnDeadline ?? 0;
  };
  const reportedBefore = await escalatedOnDeadline();
  let t = performance.now();
  // Every deadline delivered twice, concurrently (Scheduler is at-least-once).
  await pool(batch.length * 2, 64, async (i) => {
    const g = batch[i % batch.length];
    if (g) await escalate({ grievanceId: g.id, level: 1, dueAt: g.dueAt ?? '' }, ESCALATION_CONTEXT);
  });
  const fireSeconds = round((performance.now() - t) / 1000, 1);
  t = performance.now();
  const checks = await pool(batch.length, 32, async (i) => {
    const stored = await grievanceReader().get(batch[i]?.id ?? '');
    const g = stored?.grievance;
    return g?.level === 2 && g.timeline.filter((e) => e.type === 'ESCALATED').length === 1;
  });
  const exactlyOnce = checks.filter(Boolean).length;
  rows.push(
    {
      measure: `${batch.length} deadlines at one moment`,
      value: sameMoment ? `all due ${dueAt}` : 'NOT the same moment',
    },
    { measure: `fired ${batch.length * 2} deliveries (2 per deadline)`, value: `${fireSeconds} s` },
    { measure: 'escalated exactly once', value: `${exactlyOnce} of ${batch.length}` },
  );
  budgets.push({
    name: `${batch.length} simultaneous deadlines`,
    limit: 'each escalates exactly once',
    actual: `${exactlyOnce} of ${batch.length}`,
    met: sameMoment && exactlyOnce === batch.length,
  });
  const reported = (await escalatedOnDeadline()) - reportedBefore;
  rows.push({ measure: 'SLA report: level-1 deadline escalations counted in the run', value: `${reported}` });
  budgets.push({
    name: 'SLA report counts each escalation once',
    limit: `= ${batch.length} (the deadlines, each delivered twice)`,
    actual: `${reported}`,
    met: reported === batch.length,
  });
  return { rows, budgets };
}
