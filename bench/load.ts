import { percentile, round } from './stats';

export interface LoadResult {
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
}

/**
 * Runs `operation` from `concurrency` clients in a loop for `durationMs`
 * (bounded: it stops by itself) and reports latency percentiles and throughput.
 */
export async function load(
  operation: (i: number) => Promise<boolean>,
  options: { concurrency: number; durationMs: number; warmup?: number },
): Promise<LoadResult> {
  let counter = 0;
  for (let i = 0; i < (options.warmup ?? 20); i++) await operation(counter++);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const ok = await operation(counter++).catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    requestsPerSecond: round(latencies.length / seconds, 1),
  };
}
