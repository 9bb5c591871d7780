import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/dynamodb-local';
import { type LocalHost, startLocalHost } from '../../local/host';
import { otpNotice } from '../../local/otp-notices';
import { call, codeFrom, lastSms } from '../support/http';
import { startTestHost } from '../support/local-host';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/**
 * The process ids of this process's `java` children (a DynamoDB Local). Run in band,
 * Jest's own shared one is among them: compare before and after.
 */
const javaChildren = (): string[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm === 'java')
      .map(([pid]) => pid as string)
      .sort();
  } catch {
    return []; // ps exits 1 when there are none
  }
};

/** Every running process's command line. */
const processes = (): string => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });

/** A port something else already listens on. */
async function busyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, server };
}

describe('starting the local host (issue 13.9)', () => {
  // A start writes its configuration into process.env; each test starts from the same one.
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('stops its DynamoDB Local when the port is busy, and rejects with EADDRINUSE', async () => {
    const { port, server } = await busyPort();
    const before = javaChildren();
    try {
      await expect(startLocalHost({ port, tableName: 'busy-port' })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
      expect(javaChildren()).toEqual(before);
    } finally {
      server.close();
    }
  }, 90_000);

  it('stops its DynamoDB Local when the configuration is bad, before anything listens', async () => {
    const port = await freePort();
    const before = javaChildren();
    await expect(
      startLocalHost({ port, tableName: 'bad-config', env: { SLA_LEVEL_HOURS: 'soon' } }),
    ).rejects.toThrow(/Invalid configuration: SLA_LEVEL_HOURS/);
    expect(javaChildren()).toEqual(before);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 90_000);

  it('npm start on a busy port says so in one line, with no stack, and leaves no Java behind', async () => {
    const { port, server } = await busyPort();
    const dataDir = mkdtempSync(join(tmpdir(), 'busy-port-'));
    try {
      const child = spawn(TSX, ['local/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(out.trim()).toBe(
        `Port ${port} on 127.0.0.1 is already in use: stop what holds it, or start on another port (PORT=3001 npm start).`,
      );
      expect(processes()).not.toContain(dataDir); // DynamoDB Local ran with -dbPath <dataDir>
    } finally {
      server.close();
    }
  }, 90_000);
});

describe('the local host, bound and talking', () => {
  let host: LocalHost;
  const notices: string[] = [];

  beforeAll(async () => {
    host = await startTestHost({ hostname: '0.0.0.0', onNotice: (line) => notices.push(line) });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('binds HOST (here every address) and still prints a URL to reach it', async () => {
    expect(host.url).toBe(`http://localhost:${host.port}`);
    const r = await fetch(`http://127.0.0.1:${host.port}/health`);
    expect(r.status).toBe(200);
  });

  it('says in one line when a limit kept an OTP from being sent, never the code', async () => {
    const phone = '+919812300701';
    const first = await call(host.url, 'POST', '/otp', {
      body: { identifierType: 'PHONE', identifier: phone },
    });
    expect(first.status).toBe(202);
    const code = codeFrom(await lastSms(host.url, phone));
    expect(notices).toEqual([]);
    const again = await call(host.url, 'POST', '/otp', {
      body: { identifierType: 'PHONE', identifier: phone },
    });
    expect(again.status).toBe(429);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^\[otp\] no code sent: 429 .+ Retry after \d+ s\.$/);
    for (const line of notices) {
      expect(line).not.toContain(code);
      expect(line).not.toContain('\n');
    }
  });

  it('words the lookup whose number is held back as a 202 that sent nothing', () => {
    expect(otpNotice('otp-request', { statusCode: 202, body: '{}' }, 0)).toMatch(
      /^\[otp\] no code sent: nothing on record matched, or the number is cooling down/,
    );
    expect(otpNotice('otp-request', { statusCode: 202, body: '{}' }, 1)).toBeUndefined();
    expect(otpNotice('grievance-get', { statusCode: 429, body: '{}' }, 0)).toBeUndefined();
  });
});
