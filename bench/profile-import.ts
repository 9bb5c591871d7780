/**
 * npm run bench:profile -- routes/staff-grievance-list/handler [more entries] [--runs 8]
 *
 * Where a function's cold import spends its CPU: the entry is bundled as deployed
 * (BUNDLE) but without identifier minification, imported in fresh Node processes
 * under `--cpu-prof`, and each sample's self time is charged to the source module
 * esbuild placed at that line of the bundle. Prints, per entry, the self time by
 * group (AWS SDK, zod, middy, this project, Node's loader and parser, GC) and the
 * project's and zod's heaviest modules — the excess over the SDK floor is what
 * the non-SDK groups add.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { entryPath, esbuildOptions } from '../lib/constructs/redress-function';
import { BENCH_TMP } from './stats';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { url: string; functionName: string; lineNumber: number };
    /** 1-based source lines of this node's own samples. */
    positionTicks?: { line: number; ticks: number }[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Module boundaries of an unminified esbuild bundle: `// path` comments at column 0. */
function moduleRanges(code: string): { line: number; module: string }[] {
  const out: { line: number; module: string }[] = [];
  code.split('\n').forEach((text, line) => {
    const m = /^\/\/ ((?:node_modules|lambdas)\/\S+)$/.exec(text);
    if (m?.[1]) out.push({ line, module: m[1] });
  });
  return out;
}

const group = (module: string): string => {
  // esbuild's lazy module wrappers (`__esm`): the SDK's modules run (and are compiled) through them.
  if (module === '(bundle prelude)') return 'module wrappers (mostly the AWS SDK)';
  if (
    /node_modules\/(@aws-sdk|@smithy|@aws\/|mnemonist|obliterator|fast-xml-parser|strnum|tslib)/.test(module)
  )
    return 'AWS SDK';
  if (module.includes('node_modules/zod/')) return 'zod';
  if (module.includes('node_modules/@middy/')) return 'middy';
  if (module.startsWith('lambdas/')) return 'project';
  return 'other dependencies';
};

export interface ImportProfile {
  entry: string;
  runs: number;
  /** Mean self CPU ms per import, by group. */
  groups: Record<string, number>;
  /** Mean self CPU ms per import of the project's and zod's heaviest modules. */
  modules: [string, number][];
}

export async function profileImport(entry: string, workDir: string, runs: number): Promise<ImportProfile> {
  const dir = join(workDir, entry.replace(/\W/g, '_'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'bundle.mjs');
  await build({
    entryPoints: [entryPath(entry)],
    ...esbuildOptions(),
    // Readable: keep module boundaries and names; syntax and whitespace as deployed would differ
    // only in bytes parsed, which the `Node: compile` group shows.
    minify: false,
    outfile,
    logLevel: 'silent',
  });
  const ranges = moduleRanges(readFileSync(outfile, 'utf8'));
  const moduleAt = (line: number): string => {
    let lo = 0;
    let hi = ranges.length - 1;
    let found = '(bundle prelude)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid];
      if (r && r.line <= line) {
        found = r.module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  for (let r = 0; r < runs; r++)
    execFileSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, outfile],
      {
        env: {
          ...process.env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          TABLE_NAME: 'bench',
        },
      },
    );
  const groups: Record<string, number> = {};
  const modules: Record<string, number> = {};
  const bundleUrl = `file://${outfile}`;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => {
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    for (const node of profile.nodes) {
      const ms = self.get(node.id) ?? 0;
      if (!ms) continue;
      const { url, functionName, lineNumber } = node.callFrame;
      let g: string;
      if (url === bundleUrl) {
        // Charge each sample to the module of its own line (a module's top-level code runs
        // inside the bundle's one top-level function, so the function's line would not do).
        const ticks = node.positionTicks?.length ? node.positionTicks : [{ line: lineNumber + 1, ticks: 1 }];
        const all = ticks.reduce((n, t) => n + t.ticks, 0);
        for (const t of ticks) {
          const module = moduleAt(t.line - 1);
          const share = (ms * t.ticks) / all;
          modules[module] = (modules[module] ?? 0) + share;
          groups[group(module)] = (groups[group(module)] ?? 0) + share;
        }
        continue;
      } else if (functionName === '(garbage collector)') g = 'GC';
      else if (functionName === '(idle)' || functionName === '(program)') g = 'Node: idle/program';
      else if (/compileSourceTextModule|compileFunction|compileForInternalLoader/.test(functionName))
        g = 'Node: compile (parse the bundle, built-ins)';
      else g = 'Node: start-up and loader';
      groups[g] = (groups[g] ?? 0) + ms;
    }
  }
  const mean = (ms: number) => Math.round((ms / runs) * 100) / 100;
  return {
    entry,
    runs,
    groups: Object.fromEntries(
      Object.entries(groups)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, mean(v)]),
    ),
    modules: Object.entries(modules)
      .filter(([m]) => group(m) !== 'AWS SDK')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([m, v]) => [m, mean(v)]),
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 8;
  const entries = args.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1) && a);
  (async () => {
    for (const entry of entries.length ? entries : ['routes/staff-grievance-list/handler']) {
      const p = await profileImport(entry, join(BENCH_TMP, 'profiles'), runs);
      console.log(`\n# ${entry}: self CPU ms per import (mean of ${runs}, profiler on)`);
      console.table(p.groups);
      console.table(Object.fromEntries(p.modules));
    }
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
