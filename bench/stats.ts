import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the bench writes its bundles and profiles: outside the repository (the linter and git skip them). */
export const BENCH_TMP = join(tmpdir(), 'redress-bench');

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
