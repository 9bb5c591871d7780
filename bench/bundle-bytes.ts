/**
 * npx tsx bench/bundle-bytes.ts [name filter ...] [--by-module]
 *
 * The cold-start section's size budget without timing anything: each function bundled as
 * deployed (BUNDLE) next to its SDK-only floor, built exactly as bench/cold-start.ts builds
 * them, and what the difference consists of (esbuild's metafile: bytes kept in the output
 * per input, by package or project folder; `--by-module` per file). Deterministic, and
 * seconds instead of the section's minutes.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { entryPath, esbuildOptions } from '../lib/constructs/redress-function';
import { floorSource, functionEntries } from './cold-start';
import { BENCH_TMP } from './stats';

const args = process.argv.slice(2);
const byModule = args.includes('--by-module');
const filters = args.filter((a) => !a.startsWith('--'));

/** An input's group: its npm package, or the project's folder under lambdas/ (or the file, with --by-module). */
const groupOf = (input: string): string => {
  if (byModule) return input;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
  return pkg ?? input.replace(/^lambdas\/([^/]+)\/.*/, 'lambdas/$1/');
};

const bytesBy = (meta: Metafile): Map<string, number> => {
  const out = new Map<string, number>();
  for (const output of Object.values(meta.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      if (bytesInOutput) out.set(groupOf(input), (out.get(groupOf(input)) ?? 0) + bytesInOutput);
  return out;
};

async function bundle(entryPoint: string | { contents: string; resolveDir: string }, outfile: string) {
  const { metafile } = await build({
    ...(typeof entryPoint === 'string'
      ? { entryPoints: [entryPoint] }
      : { stdin: { ...entryPoint, loader: 'ts' as const } }),
    ...esbuildOptions(),
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  return metafile;
}

(async () => {
  const dir = join(BENCH_TMP, 'bundle-bytes');
  mkdirSync(dir, { recursive: true });
  const entries = functionEntries().filter((e) => !filters.length || filters.some((f) => e.includes(f)));
  const rows: Record<string, string | number>[] = [];
  for (const entry of entries) {
    const name = entry.replace(/^(routes|events)\//, '').replace(/\/handler$/, '');
    const file = join(dir, `${name}.mjs`);
    const floorFile = join(dir, `${name}.floor.mjs`);
    const meta = await bundle(entryPath(entry), file);
    const floorMeta = await bundle({ contents: floorSource(meta), resolveDir: process.cwd() }, floorFile);
    const bytes = statSync(file).size;
    const floorBytes = statSync(floorFile).size;
    const fn = bytesBy(meta);
    const floor = bytesBy(floorMeta);
    const excess = [...new Set([...fn.keys(), ...floor.keys()])]
      .map((k): [string, number] => [k, (fn.get(k) ?? 0) - (floor.get(k) ?? 0)])
      .filter(([, b]) => Math.abs(b) >= 100)
      .sort((a, b) => b[1] - a[1]);
    rows.push({
      function: name,
      bytes,
      'floor bytes': floorBytes,
      'size ×': (bytes / floorBytes).toFixed(4),
      'bytes over 1.15×': Math.ceil(bytes - 1.15 * floorBytes),
      'excess by input': excess.map(([k, b]) => `${k} ${b}`).join(', '),
    });
  }
  if (filters.length || byModule)
    for (const r of rows) console.log(`\n# ${r.function}\n${r['excess by input']}`);
  console.table(rows.map(({ 'excess by input': _, ...r }) => r));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
