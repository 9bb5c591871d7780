import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { entryPath, esbuildOptions } from '../lib/constructs/redress-function';
import { median, round } from './stats';

export interface SourceMapRow {
  measure: string;
  without: number;
  with: number;
}

/**
 * What NODE_OPTIONS=--enable-source-maps would cost a function: its deployed
 * bundle (BUNDLE: a linked source map next to it) plus a one-line probe that
 * makes an Error whose stack runs through the bundle, imported in fresh Node
 * processes with and without the flag, alternately: the import, the first
 * stack trace (when Node reads the map) and the mean of the next 200.
 */
export async function sourceMapCost(entry: string, workDir: string, runs: number): Promise<SourceMapRow[]> {
  mkdirSync(workDir, { recursive: true });
  const outfile = join(workDir, 'source-map-probe.mjs');
  await build({
    stdin: {
      contents: `export * from ${JSON.stringify(entryPath(entry))};
        export const trace = () => [0].map(() => new Error('probe').stack)[0];`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    ...esbuildOptions(),
    outfile,
    logLevel: 'silent',
  });
  const script = `
    let t = performance.now();
    const m = await import(process.argv[1]);
    const importMs = performance.now() - t;
    t = performance.now();
    const first = m.trace();
    const firstMs = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < 200; i++) m.trace();
    const nextMs = (performance.now() - t) / 200;
    // Mapped frames name the sources (<stdin>, lambdas/…) instead of the bundle.
    const mapped = !first.split('\\n')[1].includes('source-map-probe.mjs');
    process.stdout.write(JSON.stringify([importMs, firstMs, nextMs, mapped ? 1 : 0]));`;
  const samples: Record<'off' | 'on', number[][]> = { off: [], on: [] };
  for (let r = 0; r < runs; r++) {
    for (const mode of ['off', 'on'] as const) {
      const out = execFileSync(
        process.execPath,
        [...(mode === 'on' ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script, outfile],
        {
          env: {
            ...process.env,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            TABLE_NAME: 'bench',
          },
        },
      );
      const sample = JSON.parse(out.toString()) as number[];
      if (sample[3] !== (mode === 'on' ? 1 : 0))
        throw new Error(`stack trace mapping ${mode}: not as expected`);
      samples[mode].push(sample);
    }
  }
  const med = (mode: 'off' | 'on', i: number) =>
    round(median(samples[mode].map((s) => s[i] ?? Number.NaN)), 3);
  const mapKb = round(statSync(`${outfile}.map`).size / 1024, 0);
  return [
    { measure: `import ms (map ${mapKb} KB)`, without: med('off', 0), with: med('on', 0) },
    { measure: 'first stack trace ms', without: med('off', 1), with: med('on', 1) },
    { measure: 'each later stack trace ms', without: med('off', 2), with: med('on', 2) },
  ];
}
