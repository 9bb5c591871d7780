import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../../local/dynamodb-local';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(TSX, ['local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('npm start (the local host as a process)', () => {
  it('serves /health, prints its URL, and stops DynamoDB Local on SIGTERM', async () => {
    const port = await freePort();
    const run = start({ PORT: String(port) });
    try {
      await waitFor(() => run.output().includes('listening on'), 60_000);
      expect(run.output()).toContain(`http://localhost:${port}`);
      const health = await fetch(`http://localhost:${port}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const dynamoPort = Number(/127\.0\.0\.1:(\d+)/.exec(run.output())?.[1] ?? Number.NaN);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      if (Number.isFinite(dynamoPort)) expect(await portOpen(dynamoPort)).toBe(false);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 90_000);

  it('says in one sentence how to install Java when it is missing', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'no-java-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const run = start({ PATH: `${bin}:${dirname(TSX)}`, PORT: String(await freePort()) });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toMatch(
      /^DynamoDB Local needs Java 17 or newer.*apt-get install -y default-jre-headless.*$/,
    );
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 60_000);
});
