import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { handlerEntry, ROUTES } from '../lambdas/routes';
import { entryPath, esbuildOptions } from '../lib/constructs/redress-function';
import { median, percentile } from './stats';

export interface ColdStartRow {
  function: string;
  sdk: string[];
  bytes: number;
  floorBytes: number;
  /** Median wall time of the import, ms. */
  importMs: number;
  floorImportMs: number;
  /** Median CPU time (user + system) of the process during the import, ms: less sensitive to a busy machine. */
  importCpuMs: number;
  floorImportCpuMs: number;
  sizeRatio: number | null;
  /**
   * Median over the runs of each run's import time divided by the floor's import time in the
   * same run (the two processes back to back), not the ratio of the two medians: a busy spell
   * of the machine slows both halves of a pair alike and cancels out.
   */
  timeRatio: number | null;
  /** The 25th and 75th percentiles of those per-run ratios: how much the machine wavered. */
  timeRatioSpread: [number, number] | null;
  /** The 95 % confidence interval of timeRatio (order statistics, no assumption about the distribution). */
  timeRatioInterval: [number, number] | null;
  /** How many paired runs the ratios are of (more where the first ones left the verdict open). */
  runs: number;
  /** The same per-run ratio of CPU time. */
  cpuRatio: number | null;
}

/**
 * A distribution-free 95 % confidence interval for the median of `values`: the order
 * statistics of ranks n/2 ∓ 0.98·√n (the binomial's normal approximation).
 */
export function medianInterval(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = 0.98 * Math.sqrt(n);
  const low = Math.max(0, Math.floor(n / 2 - half));
  const high = Math.min(n - 1, Math.ceil(n / 2 + half) - 1);
  return [sorted[low] ?? Number.NaN, sorted[high] ?? Number.NaN];
}

const SDK_FILE = /node_modules\/@aws-sdk\/(client-[a-z0-9-]+|lib-dynamodb)\/dist-es\/(.*)$/;

/** The SDK clients and commands a bundle pulled in, read from esbuild's metafile. */
function sdkImports(meta: Metafile): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  // Only what survived tree-shaking: the output's inputs with bytes in it.
  const kept = Object.values(meta.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k),
  );
  for (const input of kept) {
    const m = SDK_FILE.exec(input);
    if (!m?.[1] || !m[2]) continue;
    const pkg = `@aws-sdk/${m[1]}`;
    const names = out.get(pkg) ?? new Set<string>();
    const command = /^commands\/(\w+Command)\.js$/.exec(m[2])?.[1];
    if (command) names.add(command);
    const client = /^(\w+Client)\.js$/.exec(m[2])?.[1];
    if (client) names.add(client);
    out.set(pkg, names);
  }
  return out;
}

async function bundle(entryPoint: string | { contents: string; resolveDir: string }, outfile: string) {
  const result = await build({
    ...(typeof entryPoint === 'string'
      ? { entryPoints: [entryPoint] }
      : { stdin: { ...entryPoint, loader: 'ts' } }),
    // The deployed settings (BUNDLE): the pinned AWS SDK bundled and minified, as in AWS. The floor
    // is built the same way, so both carry the same SDK clients and commands.
    ...esbuildOptions(),
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** The floor's source: the SDK clients and commands the function's bundle kept (from its metafile), and nothing else. */
export function floorSource(meta: Metafile): string {
  const imports = [...sdkImports(meta).entries()].map(
    ([pkg, names], i) =>
      `import { ${[...names].join(', ')} } from '${pkg}'; export const m${i} = [${[...names].join(', ')}];`,
  );
  return `${imports.join('\n')}\nexport const handler = async () => undefined;`;
}

/**
 * Wall and CPU time to import each module in fresh Node processes (Node's own start-up
 * excluded), interleaved: run r imports every file once, in turn, in forward order on even
 * runs and backward on odd ones, so neither always goes first.
 */
function importTimes(files: string[], runs: number): { wall: number[]; cpu: number[] }[] {
  const times = files.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  const script =
    'const c=process.cpuUsage(),t=performance.now();await import(process.argv[1]);const w=performance.now()-t,u=process.cpuUsage(c);' +
    'process.stdout.write(JSON.stringify([w,(u.user+u.system)/1000]));';
  for (let r = 0; r < runs; r++) {
    const order = files.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, files[i] ?? ''], {
        env: {
          ...process.env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          TABLE_NAME: 'bench',
        },
      });
      const [wall, cpu] = JSON.parse(out.toString()) as [number, number];
      times[i]?.wall.push(wall);
      times[i]?.cpu.push(cpu);
    }
  }
  return times;
}

/** Each run's a[r] / b[r]. */
const perRun = (a: number[], b: number[]): number[] => a.map((x, r) => x / (b[r] ?? Number.NaN));

/** Every function the stack deploys, as entries under lambdas/: one per route, then the event functions. */
export const functionEntries = (): string[] => [
  ...new Set(ROUTES.map(handlerEntry)),
  'events/escalation',
  'events/sweeper',
  'events/sms-drainer',
];

/** A function's name (`routes/x/handler` → `x`). */
export const functionName = (entry: string): string =>
  entry.replace(/^(routes|events)\//, '').replace(/\/handler$/, '');

/** A function's deployed bundle and its SDK-only floor, built side by side in workDir. */
export async function bundlePair(entry: string, workDir: string) {
  mkdirSync(workDir, { recursive: true });
  const name = functionName(entry);
  const file = join(workDir, `${name}.mjs`);
  const meta = await bundle(entryPath(entry), file);
  const floorFile = join(workDir, `${name}.floor.mjs`);
  await bundle({ contents: floorSource(meta), resolveDir: process.cwd() }, floorFile);
  return { name, file, floorFile, meta, hasSdk: sdkImports(meta).size > 0 };
}

/**
 * Each deployed function's bundle (BUNDLE: minified, AWS SDK included — byte for
 * byte what CDK deploys) and its import time, next to a floor bundle built the
 * same way that imports only the same AWS SDK clients and commands. Sizes are of
 * the .mjs alone (the source map beside it is not loaded at run time).
 */
export async function coldStart(
  entries: string[],
  workDir: string,
  runs: number,
  /**
   * More runs, `runs` at a time up to `maxRuns`, while the 95 % confidence interval of the
   * median time ratio still contains `budget`: a verdict either way needs the median placed
   * on one side of it, and a noisy machine needs more pairs to place it (never fewer).
   */
  settle: { budget: number; maxRuns: number } = { budget: Number.NaN, maxRuns: runs },
): Promise<ColdStartRow[]> {
  const rows: ColdStartRow[] = [];
  for (const entry of entries) {
    const { name, file, floorFile, meta } = await bundlePair(entry, workDir);
    const sdk = sdkImports(meta);
    const [times, floorTimes] = importTimes([file, floorFile], runs);
    const undecided = () => {
      const [low, high] = medianInterval(perRun(times?.wall ?? [], floorTimes?.wall ?? []));
      return low <= settle.budget && settle.budget <= high;
    };
    while (sdk.size > 0 && (times?.wall.length ?? 0) < settle.maxRuns && undecided()) {
      const more = Math.min(runs, settle.maxRuns - (times?.wall.length ?? 0));
      const [t, f] = importTimes([file, floorFile], more);
      times?.wall.push(...(t?.wall ?? []));
      times?.cpu.push(...(t?.cpu ?? []));
      floorTimes?.wall.push(...(f?.wall ?? []));
      floorTimes?.cpu.push(...(f?.cpu ?? []));
    }
    const bytes = statSync(file).size;
    const floorBytes = statSync(floorFile).size;
    const importMs = median(times?.wall ?? []);
    const floorImportMs = median(floorTimes?.wall ?? []);
    const hasSdk = sdk.size > 0;
    const wallRatios = perRun(times?.wall ?? [], floorTimes?.wall ?? []);
    rows.push({
      function: name,
      sdk: [...sdk.keys()].map((p) => p.replace('@aws-sdk/', '')),
      bytes,
      floorBytes,
      importMs,
      floorImportMs,
      importCpuMs: median(times?.cpu ?? []),
      floorImportCpuMs: median(floorTimes?.cpu ?? []),
      sizeRatio: hasSdk ? bytes / floorBytes : null,
      timeRatio: hasSdk ? median(wallRatios) : null,
      timeRatioSpread: hasSdk ? [percentile(wallRatios, 25), percentile(wallRatios, 75)] : null,
      timeRatioInterval: hasSdk ? medianInterval(wallRatios) : null,
      runs: wallRatios.length,
      cpuRatio: hasSdk ? median(perRun(times?.cpu ?? [], floorTimes?.cpu ?? [])) : null,
    });
    writeFileSync(join(workDir, `${name}.meta.json`), JSON.stringify(meta));
  }
  return rows;
}
