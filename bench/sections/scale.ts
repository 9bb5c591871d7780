import type { DeadlineEvent } from '../../lambdas/ports/scheduler';
import { ESCALATION_CONTEXT } from '../../test/support/grievances';
import { call, staffToken } from '../../test/support/http';
import { median, round } from '../stats';
import type { BenchContext } from './context';

type Budget = { name: string; limit: string; actual: string; met: boolean };
export interface ScaleRow {
  measure: string;
  value: string;
}

interface Created {
  id: string;
  dueAt: string;
}

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

/** Files `count` grievances through POST /grievances, from many customers. */
async function fileGrievances(ctx: BenchContext, count: number, offset: number): Promise<Created[]> {
  const tokens = await Promise.all(
    Array.from({ length: 50 }, (_, i) => ctx.customerToken(`+91980${String(offset + i).padStart(7, '0')}`)),
  );
  return pool(count, 32, async (i) => {
    const r = await call<Created>(ctx.host.url, 'POST', '/grievances', {
      token: tokens[i % tokens.length],
      body: {
        name: 'Scale Customer',
        category: 'REPAIR_DELAY',
        description: `Grievance number ${offset + i} filed by the scale benchmark.`,
        channel: 'WEB',
      },
    });
    if (r.status !== 201) throw new Error(`create grievance: ${r.status} ${r.text}`);
    return r.body;
  });
}

async function queueP50(ctx: BenchContext, token: string, samples: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const r = await fetch(`${ctx.host.url}/staff/grievances?limit=20`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`staff queue: ${r.status}`);
    times.push(performance.now() - t);
  }
  return round(median(times));
}

/**
 * The staff queue's p50 with `small` vs `large` open grievances (an index query
 * should barely notice), and `simultaneous` grievances whose deadlines fall at
 * one moment, each delivered twice at once: every one escalates exactly once.
 */
export async function scaleSection(
  ctx: BenchContext,
  options: { small: number; large: number; simultaneous: number },
): Promise<{ rows: ScaleRow[]; budgets: Budget[] }> {
  const president = await staffToken(ctx.host.url, 'bench-president', ['president-office']);
  const rows: ScaleRow[] = [];

  let t = performance.now();
  await fileGrievances(ctx, options.small, 0);
  rows.push({
    measure: `filed ${options.small} grievances over HTTP`,
    value: `${round((performance.now() - t) / 1000, 1)} s`,
  });
  const smallP50 = await queueP50(ctx, president, 200);
  t = performance.now();
  await fileGrievances(ctx, options.large - options.small, options.small);
  rows.push({
    measure: `filed ${options.large - options.small} more`,
    value: `${round((performance.now() - t) / 1000, 1)} s`,
  });
  const largeP50 = await queueP50(ctx, president, 200);
  rows.push(
    { measure: `staff queue p50, ${options.small} open`, value: `${smallP50} ms` },
    { measure: `staff queue p50, ${options.large} open`, value: `${largeP50} ms` },
  );

  // Deadlines at one moment: stop the clock while filing, then move past the deadline.
  ctx.clock.freeze();
  const batch = await fileGrievances(ctx, options.simultaneous, 1_000_000);
  ctx.clock.unfreeze();
  const dueAt = batch[0]?.dueAt ?? '';
  const sameMoment = batch.every((g) => g.dueAt === dueAt);
  ctx.clock.advance((Date.parse(dueAt) - ctx.clock.now().getTime()) / 1000 + 1);
  const { handler: escalate } = (await import('../../lambdas/events/escalation')) as unknown as {
    handler: (event: DeadlineEvent, context: unknown) => Promise<unknown>;
  };
  const context = ESCALATION_CONTEXT;
  t = performance.now();
  // Every deadline delivered twice, concurrently (Scheduler is at-least-once).
  await pool(batch.length * 2, 64, (i) => {
    const g = batch[i % batch.length] as Created;
    return escalate({ grievanceId: g.id, level: 1, dueAt: g.dueAt }, context);
  });
  const fireSeconds = round((performance.now() - t) / 1000, 1);
  const checks = await pool(batch.length, 32, async (i) => {
    const g = batch[i] as Created;
    const r = await call<{ level: number; timeline: { type: string; reason?: string }[] }>(
      ctx.host.url,
      'GET',
      `/staff/grievances/${g.id}`,
      { token: president },
    );
    const escalations = r.body.timeline.filter((e) => e.type === 'ESCALATED').length;
    return r.body.level === 2 && escalations === 1;
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

  const ratio = largeP50 / smallP50;
  return {
    rows,
    budgets: [
      {
        name: `staff queue p50 ${options.large} vs ${options.small} open`,
        limit: '≤ 1.5×',
        actual: `${ratio.toFixed(2)}×`,
        met: ratio <= 1.5,
      },
      {
        name: `${batch.length} simultaneous deadlines`,
        limit: 'each escalates exactly once',
        actual: `${exactlyOnce} of ${batch.length}`,
        met: sameMoment && exactlyOnce === batch.length,
      },
    ],
  };
}
