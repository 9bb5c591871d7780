import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cursorKey } from '../../lambdas/adapters/aws/secrets';
import { resetConfig } from '../../lambdas/config';
import { expectedOriginVerify, resetOriginVerify } from '../../lambdas/http/origin-verify';
import { readSecret } from '../../lambdas/secrets-extension';

/** The AWS Parameters and Secrets Lambda extension, as far as Redress asks it anything. */
describe('secrets through the Parameters and Secrets extension', () => {
  let server: Server;
  const seen: { url: string; token: string | undefined }[] = [];
  let answers: { status: number; secret?: string }[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url ?? '', token: req.headers['x-aws-parameters-secrets-token'] as string });
      const next = answers.shift() ?? { status: 404 };
      res.writeHead(next.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(next.secret === undefined ? {} : { SecretString: next.secret }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String((server.address() as AddressInfo).port);
    process.env.AWS_SESSION_TOKEN = 'session-token';
  });

  afterAll(async () => {
    process.env = saved;
    resetConfig();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
    answers = [];
  });

  it("reads a secret's value by its id, with the session token the extension requires", async () => {
    answers = [{ status: 200, secret: 'a-long-enough-secret-value' }];
    await expect(readSecret('redress/dev cursor')).resolves.toBe('a-long-enough-secret-value');
    expect(seen).toEqual([
      { url: '/secretsmanager/get?secretId=redress%2Fdev%20cursor', token: 'session-token' },
    ]);
  });

  it('refuses an error answer and an empty or short secret, naming the secret', async () => {
    answers = [{ status: 500 }, { status: 200, secret: 'short' }, { status: 200 }];
    await expect(readSecret('s1')).rejects.toThrow('secrets extension answered 500 for s1');
    await expect(readSecret('s2')).rejects.toThrow('secret s2 is empty or too short');
    await expect(readSecret('s3')).rejects.toThrow('secret s3 is empty or too short');
  });

  it('is read once per container by the cursor key and the origin check, and again after a failure', async () => {
    process.env.TABLE_NAME = 'secrets-test';
    process.env.CURSOR_KEY = '';
    process.env.CURSOR_SECRET_ID = 'cursor-secret';
    process.env.ORIGIN_VERIFY_SECRET_ID = 'origin-secret';
    resetConfig();
    resetOriginVerify();
    answers = [{ status: 503 }, { status: 200, secret: 'origin-verify-value-1234' }];
    await expect(expectedOriginVerify()).rejects.toThrow('answered 503');
    await expect(expectedOriginVerify()).resolves.toBe('origin-verify-value-1234');
    await expect(expectedOriginVerify()).resolves.toBe('origin-verify-value-1234');
    answers = [{ status: 200, secret: 'cursor-key-value-123456' }];
    await expect(cursorKey()).resolves.toBe('cursor-key-value-123456');
    await expect(cursorKey()).resolves.toBe('cursor-key-value-123456');
    expect(seen.map((s) => s.url)).toEqual([
      '/secretsmanager/get?secretId=origin-secret',
      '/secretsmanager/get?secretId=origin-secret',
      '/secretsmanager/get?secretId=cursor-secret',
    ]);
  });
});
