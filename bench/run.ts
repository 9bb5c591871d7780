/**
 * npm run bench — cold starts, source maps, AWS calls per operation, handler
 * overhead in process, request latency over the local host's HTTP, and scale,
 * each next to its floor, in one run on this machine. Prints one table per
 * section and writes bench/results.json (one entry per budget: budget, measured,
 * met); `npm run bench:readme` turns that file into the README's tables.
 *
 *   --quick            a short smoke run (fewer samples, 20,000 stored grievances)
 *   --only a,b         only these sections: cold-start, source-maps, aws-calls,
 *                      overhead, http, scale, web (results.json is then not written)
 *   --surge            the surge-day run instead (sections/surge.ts; never part of the others):
 *                      writes bench/surge-results.json in the same { budget, measured, met } shape
 *   --scale 0.1        with --surge: that share of its requests, for a shorter smoke run
 */
import { writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { coldStart, functionEntries } from './cold-start';
import { awsCallsSection } from './sections/aws-calls';
import { type BenchContext, startBenchHost } from './sections/context';
import { handlerOverheadSection } from './sections/handler-overhead';
import { latencySection } from './sections/latency';
import { scaleSection } from './sections/scale';
import { surgeSection } from './sections/surge';
import { webSection } from './sections/web';
import { sourceMapCost } from './source-maps';
import { BENCH_TMP } from './stats';

const SECTIONS = ['cold-start', 'source-maps', 'aws-calls', 'overhead', 'http', 'scale', 'web'] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? (onlyArg.split(',') as Section[]) : undefined;
for (const s of only ?? [])
  if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; one of ${SECTIONS.join(', ')}`);
const runs = (s: Section) => !only || only.includes(s);
const surge = args.includes('--surge');
const scaleArg = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 1;
if (!(scaleArg > 0 && scaleArg <= 1)) throw new Error('--scale takes a share in (0, 1]');

/** What a section reports; run.ts writes it to results.json as { budget, measured, met }. */
interface SectionBudget {
  name: string;
  limit: string;
  actual: string;
  met: boolean;
}
export interface BudgetResult {
  budget: string;
  measured: string;
  met: boolean;
}

const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  freeMemoryGb: Math.round(freemem() / 2 ** 30),
  platform: `${process.platform} ${process.arch}`,
  node: process.version,
  /** 1-minute load average when the run started and ended: above the core count, the figures are noisy. */
  loadAverage: [] as number[],
});

/** npm run bench -- --surge [--scale f]: the surge alone, to bench/surge-results.json. */
async function surgeMain() {
  const host = machine();
  host.loadAverage.push(Math.round((loadavg()[0] ?? 0) * 10) / 10);
  const startedAt = new Date().toISOString();
  console.log(`\n# Surge day (scale ${scaleArg})`);
  const result = await surgeSection({ scale: scaleArg });
  console.table(result.rows);
  console.table(result.latencyRows);
  console.log('OTP mix and rates:', result.arithmetic);
  const entries: BudgetResult[] = result.budgets.map((b) => ({
    budget: `${b.name} ${b.limit}`,
    measured: b.actual,
    met: b.met,
  }));
  console.log('\n# Budgets');
  console.table(entries);
  host.loadAverage.push(Math.round((loadavg()[0] ?? 0) * 10) / 10);
  const results = {
    machine: host,
    startedAt,
    ...result.figures,
    arithmetic: result.arithmetic,
    rows: result.rows,
    requests: result.latencyRows,
    budgets: entries,
  };
  writeFileSync(join(__dirname, 'surge-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const missed = entries.filter((b) => !b.met);
  console.log(
    `\n${entries.length - missed.length} of ${entries.length} surge budgets met in ${result.figures.wallSeconds} s (load average ${host.loadAverage.join(' → ')} on ${host.cores} cores)`,
  );
  if (missed.length) console.log(`missed: ${missed.map((b) => `${b.budget}: ${b.measured}`).join('; ')}`);
}

async function main() {
  if (surge) return surgeMain();
  const started = Date.now();
  const budgets: SectionBudget[] = [];
  const host = machine();
  host.loadAverage.push(Math.round((loadavg()[0] ?? 0) * 10) / 10);
  const results: Record<string, unknown> = {
    quick,
    machine: host,
    startedAt: new Date().toISOString(),
  };

  if (runs('cold-start')) {
    const n = quick ? 5 : 21;
    console.log(`\n# Cold start: deployed bundle vs SDK-only floor (${n} fresh processes each)`);
    const entries = functionEntries();
    // A full run adds pairs (up to 81) where 21 leave the median's 95 % interval across the budget.
    const cold = await coldStart(
      entries,
      join(BENCH_TMP, 'bundles'),
      n,
      quick ? undefined : { budget: 1.15, maxRuns: 81 },
    );
    console.table(
      cold.map((r) => ({
        function: r.function,
        KB: (r.bytes / 1024).toFixed(1),
        'floor KB': (r.floorBytes / 1024).toFixed(1),
        'size ×': r.sizeRatio?.toFixed(3) ?? '—',
        'import ms': r.importMs.toFixed(1),
        'floor ms': r.floorImportMs.toFixed(1),
        'time ×': r.timeRatio?.toFixed(3) ?? '—',
        'time × IQR': r.timeRatioSpread?.map((x) => x.toFixed(2)).join('–') ?? '—',
        'time × 95 %': r.timeRatioInterval?.map((x) => x.toFixed(3)).join('–') ?? '—',
        runs: r.runs,
        'cpu ×': r.cpuRatio?.toFixed(3) ?? '—',
      })),
    );
    for (const r of cold) {
      if (r.sizeRatio === null || r.timeRatio === null) continue;
      budgets.push(
        {
          name: `cold start ${r.function} bundle size`,
          limit: '≤ 1.15× floor',
          actual: `${r.sizeRatio.toFixed(3)}× (${(r.bytes / 1024).toFixed(1)} vs ${(r.floorBytes / 1024).toFixed(1)} KB)`,
          met: r.sizeRatio <= 1.15,
        },
        {
          name: `cold start ${r.function} import time`,
          limit: '≤ 1.15× floor',
          actual: `${r.timeRatio.toFixed(3)}× (median of ${r.runs} paired runs, 95 % ${r.timeRatioInterval?.map((x) => x.toFixed(3)).join('–')}; ${r.importMs.toFixed(1)} vs ${r.floorImportMs.toFixed(1)} ms)`,
          met: r.timeRatio <= 1.15,
        },
      );
    }
    results.coldStart = cold;
  }

  if (runs('source-maps')) {
    console.log('\n# NODE_OPTIONS=--enable-source-maps: what it would cost (grievance-create bundle)');
    const rows = await sourceMapCost(
      'routes/grievance-create/handler',
      join(BENCH_TMP, 'maps'),
      quick ? 5 : 15,
    );
    console.table(rows);
    results.sourceMaps = rows;
  }

  const needsHost = (['aws-calls', 'overhead', 'http', 'scale'] as const).some(runs);
  const ctx: BenchContext | undefined = needsHost ? await startBenchHost() : undefined;
  try {
    if (ctx && runs('aws-calls')) {
      console.log('\n# AWS calls per operation');
      const calls = await awsCallsSection(ctx);
      console.table(calls.rows);
      budgets.push(...calls.budgets);
      results.awsCalls = calls.rows;
    }

    if (ctx && runs('overhead')) {
      const calls = quick ? 200 : 1000;
      console.log(`\n# Handler overhead: handlers invoked in process as Lambda does, ${calls} calls each`);
      const overhead = await handlerOverheadSection(ctx, { calls });
      console.table(overhead.rows);
      budgets.push(...overhead.budgets);
      results.handlerOverhead = overhead.rows;
    }

    if (ctx && runs('http')) {
      const seconds = quick ? 2 : 8;
      console.log(`\n# Over HTTP through the local host (not Lambda), 16 clients, ${seconds} s each`);
      const latency = await latencySection(ctx, { durationMs: seconds * 1000, concurrency: 16 });
      console.table(latency.rows);
      results.http = latency.rows;
    }

    if (ctx && runs('scale')) {
      console.log('\n# Scale');
      const scale = await scaleSection(ctx, {
        small: 1000,
        large: quick ? 20_000 : 100_000,
        due: quick ? 50 : 200,
        simultaneous: quick ? 500 : 2000,
        samples: quick ? 100 : 300,
      });
      console.table(scale.rows);
      budgets.push(...scale.budgets);
      results.scale = scale.rows;
    }
  } finally {
    await ctx?.stop();
  }

  if (runs('web')) {
    console.log('\n# Web apps: first-screen JavaScript');
    const web = await webSection();
    console.table(web.rows.map(({ gzip: _gzip, ...row }) => row));
    budgets.push(...web.budgets);
    results.web = web.rows;
  }

  const entries: BudgetResult[] = budgets.map((b) => ({
    budget: `${b.name} ${b.limit}`,
    measured: b.actual,
    met: b.met,
  }));
  console.log('\n# Budgets');
  console.table(entries);
  host.loadAverage.push(Math.round((loadavg()[0] ?? 0) * 10) / 10);
  results.budgets = entries;
  results.seconds = Math.round((Date.now() - started) / 1000);
  const missed = entries.filter((b) => !b.met);
  if (only) console.log('\n(--only: bench/results.json not written)');
  else writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\n${entries.length - missed.length} of ${entries.length} budgets met in ${results.seconds} s (load average ${host.loadAverage.join(' → ')} on ${host.cores} cores)`,
  );
  if (missed.length) console.log(`missed: ${missed.map((b) => `${b.budget}: ${b.measured}`).join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
