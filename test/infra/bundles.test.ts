import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { handlerEntry, ROUTES } from '../../lambdas/routes';
import { BUNDLE, entryPath, esbuildOptions } from '../../lib/constructs/redress-function';

/** Every function entry of the stack: one per route, plus the escalation target and the sweeper. */
const ENTRIES = [...ROUTES.map(handlerEntry), 'events/escalation', 'events/sweeper'];

// Inside the repository so the bundles' `@aws-sdk/*` imports resolve from node_modules,
// as they resolve from the Lambda runtime's own SDK in AWS.
const OUT = path.join(__dirname, '..', '..', 'node_modules', '.cache', `redress-bundles-${process.pid}`);

describe('the function bundles', () => {
  const files = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    await Promise.all(
      ENTRIES.map(async (entry) => {
        const outfile = path.join(OUT, `${entry.replace(/\W/g, '_')}.mjs`);
        // Exactly the construct's settings (BUNDLE), so the test cannot drift from what is deployed.
        await build({
          entryPoints: [entryPath(entry)],
          ...esbuildOptions(),
          external: [...BUNDLE.external],
          outfile,
          logLevel: 'silent',
        });
        files.set(entry, outfile);
      }),
    );
  }, 60_000);

  afterAll(() => rmSync(OUT, { recursive: true, force: true }));

  it('covers every route plus the escalation and sweeper functions', () => {
    expect([...files.keys()].sort()).toEqual([...ENTRIES].sort());
    expect(new Set(ENTRIES).size).toBe(ROUTES.length + 2);
  });

  it('load under Node as ES modules and export a handler function', () => {
    // One child process imports them all: what Lambda does at cold start, minus the invocation.
    const script = `
      const out = {};
      for (const [entry, url] of JSON.parse(process.argv[1])) {
        try { out[entry] = typeof (await import(url)).handler; }
        catch (error) { out[entry] = 'import failed: ' + error.message; }
      }
      process.stdout.write(JSON.stringify(out));`;
    const urls = [...files].map(([entry, file]) => [entry, pathToFileURL(file).href]);
    const stdout = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(urls)],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'ap-south-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const loaded = JSON.parse(stdout) as Record<string, string>;
    expect(loaded).toEqual(Object.fromEntries(ENTRIES.map((e) => [e, 'function'])));
  });
});
