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

/** One HTTP request of a load run; `{i}` in `path` or `body` is replaced by the request's number. */
export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per-request values substituted for `{i}` (the request's number indexes it); absent: the number. */
  values?: string[];
  expectStatus: number;
}

// Plain JavaScript run in a worker thread: the clients live outside the host's event loop, as real
// clients do, so the host's figures are not inflated by the load generator sharing its thread.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, spec, concurrency, durationMs, warmup } = workerData;
// node:http with keep-alive rather than fetch: undici's streams cost the client more CPU than the
// host spends answering, and on two shared cores that would be charged to the host.
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const base = new URL(url);
let counter = 0;
const fill = (s, i) => s.replace('{i}', spec.values ? (spec.values[i] ?? '') : String(i));
function once() {
  const i = counter++;
  if (spec.values && i >= spec.values.length) return Promise.resolve(false);
  const body = spec.body === undefined ? undefined : fill(spec.body, i);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: spec.method,
        path: fill(spec.path, i),
        headers: { ...spec.headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === spec.expectStatus));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
(async () => {
  for (let w = 0; w < warmup; w++) await once();
  const latencies = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      const ok = await once().catch(() => false);
      latencies.push(performance.now() - t);
      if (!ok) errors++;
    }
  }));
  agent.destroy();
  parentPort.postMessage({ latencies, errors, seconds: (performance.now() - started) / 1000 });
})();
`;

/** `load` over HTTP from a worker thread. */
export async function loadHttp(
  url: string,
  spec: HttpRequestSpec,
  options: { concurrency: number; durationMs: number; warmup?: number },
): Promise<LoadResult> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      url,
      spec,
      concurrency: options.concurrency,
      durationMs: options.durationMs,
      warmup: options.warmup ?? 20,
    },
  });
  const { latencies, errors, seconds } = await new Promise<{
    latencies: number[];
    errors: number;
    seconds: number;
  }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  return {
    requests: latencies.length,
    errors,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    requestsPerSecond: round(latencies.length / seconds, 1),
  };
}
