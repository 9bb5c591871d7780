/**
 * The surge's clients: plain JavaScript in a worker thread (as bench/load.ts), so the load
 * generator does not share the host's event loop. Each client works through its own list one
 * request at a time from its own loopback address (127.0.x.y: the local host sees it as the
 * request's source IP, so per-client OTP limits count each client apart), with keep-alive.
 */
export interface SurgeRequest {
  client: number;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  token?: string;
  /** What the bench calls this request in its tables. */
  tag: string;
}

export interface SurgeAnswer {
  /** Index into the request list. */
  i: number;
  status: number;
  /** Date.now() when the request was sent. */
  startedAt: number;
  ms: number;
  /** From a 202 to POST /otp. */
  challengeId?: string;
  /** From a 201 to POST /grievances. */
  grievanceId?: string;
  /** A problem's detail. */
  detail?: string;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, requests, clients, spreadMs } = workerData;
const base = new URL(url);
const address = (c) => '127.0.' + (1 + Math.floor(c / 250)) + '.' + ((c % 250) + 1);
const agents = Array.from({ length: clients }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
const answers = [];
function once(i) {
  const r = requests[i];
  const headers = { accept: 'application/json' };
  if (r.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(r.body);
  }
  if (r.token) headers.authorization = 'Bearer ' + r.token;
  const startedAt = Date.now();
  const t = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { agent: agents[r.client], host: base.hostname, port: base.port, method: r.method, path: r.path,
        headers, localAddress: address(r.client) },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const answer = { i, status: res.statusCode, startedAt, ms: performance.now() - t };
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (body && typeof body === 'object') {
              if (typeof body.challengeId === 'string') answer.challengeId = body.challengeId;
              if (typeof body.id === 'string' && r.method === 'POST') answer.grievanceId = body.id;
              if (typeof body.detail === 'string') answer.detail = body.detail;
            }
          } catch {}
          answers.push(answer);
          resolve();
        });
        res.on('error', () => { answers.push({ i, status: 0, startedAt, ms: performance.now() - t }); resolve(); });
      },
    );
    req.on('error', (e) => { answers.push({ i, status: 0, startedAt, ms: performance.now() - t, detail: String(e) }); resolve(); });
    req.end(r.body);
  });
}
(async () => {
  const byClient = Array.from({ length: clients }, () => []);
  requests.forEach((r, i) => byClient[r.client].push(i));
  let done = 0;
  const progress = setInterval(() => parentPort.postMessage({ progress: answers.length }), 5000);
  // Each client's requests spread evenly over spreadMs from a start of its own within the first
  // step (an arrival rate, as a surge is); a client that falls behind sends its next at once.
  const started = Date.now();
  await Promise.all(byClient.map(async (list, c) => {
    const step = list.length ? spreadMs / list.length : 0;
    const offset = step * ((c * 0.618034) % 1);
    for (let k = 0; k < list.length; k++) {
      const due = started + offset + k * step;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await once(list[k]);
      done++;
    }
  }));
  clearInterval(progress);
  for (const a of agents) a.destroy();
  parentPort.postMessage({ answers });
})();
`;

/**
 * Runs every request, each client's in order, all clients at once, each client's spread evenly
 * over `spreadMs` (0: as fast as the answers come); resolves with every answer.
 */
export async function runSurgeClients(
  url: string,
  requests: SurgeRequest[],
  clients: number,
  spreadMs: number,
  onProgress?: (answered: number) => void,
): Promise<SurgeAnswer[]> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WORKER, { eval: true, workerData: { url, requests, clients, spreadMs } });
  try {
    return await new Promise<SurgeAnswer[]>((resolve, reject) => {
      worker.on('message', (m: { progress?: number; answers?: SurgeAnswer[] }) => {
        if (m.answers) resolve(m.answers);
        else if (m.progress !== undefined) onProgress?.(m.progress);
      });
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}
