/**
 * npm run bench:instructions [-- name filter ...]
 *
 * The cold-start import budget counted in machine instructions instead of milliseconds:
 * each function's deployed bundle and its SDK-only floor (built as bench/cold-start.ts
 * builds them) imported once under valgrind's callgrind, with everything that varies
 * between runs pinned — no address-space randomisation, V8's hash and random seeds
 * fixed, no V8 worker threads — so the count is the same on every run, on an idle or a
 * busy machine. Node's own start-up (the count for an empty module) is subtracted; the
 * ratio is import instructions over the floor's. It is a second opinion on the timed
 * budget, not the budget: instructions are not time (cache misses, page faults and
 * the threads V8 normally uses are not weighed), but a ratio that holds here holds
 * for the work itself. Needs valgrind (`apt-get install -y valgrind`); ~30 s a bundle.
 * Writes bench/instructions-results.json unless filtered.
 *
 * What the excess is made of: for each route, a third bundle built the same way imports
 * only the route's spec — its request schemas, so zod and what the schemas build at import
 * — and its count (start-up subtracted) is the `schemas` column: the share of the import
 * that is request validation. `without schemas` is the ratio less that share.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { entryPath, esbuildOptions } from '../lib/constructs/redress-function';
import { bundlePair, functionEntries } from './cold-start';
import { BENCH_TMP } from './stats';

const run = promisify(execFile);
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dir = join(BENCH_TMP, 'instructions');

/** Instructions executed by `node` importing `file`, start-up included. */
async function instructions(file: string): Promise<number> {
  const { stderr } = await run(
    'setarch',
    [
      '-R',
      'valgrind',
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      process.execPath,
      '--v8-pool-size=0',
      '--single-threaded-gc',
      '--hash-seed=1',
      '--random-seed=1',
      '--input-type=module',
      '-e',
      'await import(process.argv[1])',
      file,
    ],
    {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', TABLE_NAME: 'bench' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const collected = /Collected : (\d+)/.exec(stderr)?.[1];
  if (!collected) throw new Error(`callgrind printed no count for ${file}:\n${stderr.slice(-2000)}`);
  return Number(collected);
}

/** Runs the jobs `width` at a time, in order of the results. */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

/**
 * The route's request schemas alone (its spec, with zod's parser kept as the handler keeps it),
 * bundled as deployed; undefined for an entry with no spec (the event functions).
 */
async function schemasBundle(entry: string, name: string): Promise<string | undefined> {
  // Every route slice has a spec beside its handler (lambdas/routes/<name>/); event functions have none.
  if (!/^routes\/[^/]+\/handler$/.test(entry)) return undefined;
  const spec = entryPath(entry.replace(/\/handler$/, '/spec'));
  const outfile = join(dir, `${name}.schemas.mjs`);
  await build({
    stdin: {
      contents: `import { spec } from ${JSON.stringify(spec)};
export const handler = async (event) => [spec.params, spec.query, spec.body].map((s) => s?.safeParse(event));`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    ...esbuildOptions(),
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

async function main() {
  try {
    await run('valgrind', ['--version']);
  } catch {
    console.error('valgrind is not installed: apt-get install -y valgrind');
    process.exit(2);
  }
  const entries = functionEntries().filter((e) => !filters.length || filters.some((f) => e.includes(f)));
  const pairs = [];
  for (const entry of entries) {
    const pair = await bundlePair(entry, dir);
    if (pair.hasSdk) pairs.push({ ...pair, schemasFile: await schemasBundle(entry, pair.name) });
  }
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, 'export const handler = async () => undefined;\n');
  const files = [
    empty,
    ...pairs.flatMap((p) => [p.file, p.floorFile, ...(p.schemasFile ? [p.schemasFile] : [])]),
  ];
  const counts = await pool(
    files.map((f) => () => instructions(f)),
    Math.max(1, cpus().length),
  );
  const startUp = counts[0] ?? 0;
  /** Each file's import, Node's start-up subtracted. */
  const imported = new Map(files.map((f, i) => [f, (counts[i] ?? 0) - startUp]));
  const millions = (n: number) => Math.round(n / 1e5) / 10;
  const rows = pairs.map((p) => {
    const own = imported.get(p.file) ?? 0;
    const floor = imported.get(p.floorFile) ?? 0;
    const schemas = p.schemasFile ? imported.get(p.schemasFile) : undefined;
    return {
      function: p.name,
      importMillionInstructions: millions(own),
      floorMillionInstructions: millions(floor),
      ratio: Math.round((own / floor) * 1000) / 1000,
      met: own / floor <= 1.15,
      ...(schemas === undefined
        ? {}
        : {
            schemasMillionInstructions: millions(schemas),
            ratioWithoutSchemas: Math.round(((own - schemas) / floor) * 1000) / 1000,
          }),
    };
  });
  console.log(`Node start-up (an empty module): ${(startUp / 1e6).toFixed(1)} M instructions, subtracted`);
  console.table(rows);
  if (!filters.length)
    writeFileSync(
      join(__dirname, 'instructions-results.json'),
      `${JSON.stringify({ node: process.version, startUpMillionInstructions: millions(startUp), rows }, null, 2)}\n`,
    );
}

void main();
