/**
 * npm run bench — cold starts, AWS calls per operation, request latency and
 * scale, each next to its floor, in one run on this machine. Prints one table
 * per section and writes bench/results.json. `--quick` for a short smoke run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handlerEntry, ROUTES } from '../lambdas/routes';
import { coldStart } from './cold-start';
import { awsCallsSection } from './sections/aws-calls';
import { type BenchContext, startBenchHost } from './sections/context';
import { latencySection } from './sections/latency';
import { scaleSection } from './sections/scale';
import { webSection } from './sections/web';

const quick = process.argv.includes('--quick');
/** `--only web`: just the web apps' JavaScript size, merged into the last results. */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

interface Budget {
  name: string;
  limit: string;
  actual: string;
  met: boolean;
}

async function webOnly() {
  const file = join(__dirname, 'results.json');
  const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  console.log('\n# Web apps: first-screen JavaScript');
  const web = await webSection();
  console.table(web.rows.map(({ gzip: _gzip, ...row }) => row));
  console.table(web.budgets);
  const names = new Set(web.budgets.map((b) => b.name));
  const budgets = ((results.budgets as Budget[] | undefined) ?? []).filter((b) => !names.has(b.name));
  results.web = web.rows;
  results.budgets = [...budgets, ...web.budgets];
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

async function main() {
  if (only === 'web') return webOnly();
  const started = Date.now();
  const budgets: Budget[] = [];
  const results: Record<string, unknown> = {
    quick,
    node: process.version,
    startedAt: new Date().toISOString(),
  };

  console.log(`\n# Cold start (${quick ? 5 : 15} fresh processes per bundle)`);
  const entries = [...new Set(ROUTES.map(handlerEntry)), 'events/escalation', 'events/sweeper'];
  const cold = await coldStart(entries, join(__dirname, '.tmp', 'bundles'), quick ? 5 : 15);
  console.table(
    cold.map((r) => ({
      function: r.function,
      KB: (r.bytes / 1024).toFixed(1),
      'floor KB': (r.floorBytes / 1024).toFixed(1),
      'size ×': r.sizeRatio?.toFixed(3) ?? '—',
      'import ms': r.importMs.toFixed(1),
      'floor ms': r.floorImportMs.toFixed(1),
      'time ×': r.timeRatio?.toFixed(3) ?? '—',
    })),
  );
  for (const r of cold) {
    if (r.sizeRatio === null || r.timeRatio === null) continue;
    budgets.push({
      name: `cold start ${r.function} size`,
      limit: '≤ 1.15× floor',
      actual: `${r.sizeRatio.toFixed(3)}×`,
      met: r.sizeRatio <= 1.15,
    });
    budgets.push({
      name: `cold start ${r.function} import`,
      limit: '≤ 1.15× floor',
      actual: `${r.timeRatio.toFixed(3)}×`,
      met: r.timeRatio <= 1.15,
    });
  }
  results.coldStart = cold;

  const ctx: BenchContext = await startBenchHost();
  try {
    console.log('\n# AWS calls per operation');
    const calls = await awsCallsSection(ctx);
    console.table(calls.rows);
    budgets.push(...calls.budgets);
    results.awsCalls = calls.rows;

    console.log(`\n# Request latency over HTTP, 16 clients, ${quick ? 2 : 8} s each`);
    const latency = await latencySection(ctx, { durationMs: quick ? 2000 : 8000, concurrency: 16 });
    console.table(latency.rows);
    budgets.push(...latency.budgets);
    results.latency = latency.rows;

    console.log('\n# Scale');
    const scale = await scaleSection(ctx, {
      large: quick ? 5000 : 20_000,
      small: 1000,
      simultaneous: quick ? 500 : 2000,
    });
    console.table(scale.rows);
    budgets.push(...scale.budgets);
    results.scale = scale.rows;
  } finally {
    await ctx.stop();
  }

  console.log('\n# Web apps: first-screen JavaScript');
  const web = await webSection();
  console.table(web.rows.map(({ gzip: _gzip, ...row }) => row));
  budgets.push(...web.budgets);
  results.web = web.rows;

  console.log('\n# Budgets');
  console.table(budgets);
  results.budgets = budgets;
  results.seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const missed = budgets.filter((b) => !b.met);
  console.log(
    `\n${budgets.length - missed.length} of ${budgets.length} budgets met in ${results.seconds} s; results in bench/results.json`,
  );
  if (missed.length) console.log(`missed: ${missed.map((b) => `${b.name} (${b.actual})`).join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
