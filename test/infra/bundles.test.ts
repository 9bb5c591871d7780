import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { RouteSpec } from '../../lambdas/http/spec';
import { handlerEntry, ROUTES } from '../../lambdas/routes';
import { BUNDLE, entryPath, esbuildOptions } from '../../lib/constructs/redress-function';

type Needs = Pick<RouteSpec, 'table' | 'uses'> & { invokesEscalation: boolean };

/**
 * Every function entry of the stack with what it touches: one per route (as the
 * route declares), plus the escalation target and the sweeper (as the Escalation
 * construct grants them: table, alerts, SMS and schedules, but no direct invoke).
 */
const FUNCTIONS = new Map<string, Needs>([
  ...ROUTES.map((r): [string, Needs] => [
    handlerEntry(r),
    // A route that arms deadlines hands one less than a minute away straight to the escalation function.
    { table: r.table, uses: r.uses, invokesEscalation: Boolean(r.uses?.includes('scheduler')) },
  ]),
  [
    'events/escalation',
    { table: 'readwrite', uses: ['sms', 'alerts', 'scheduler'], invokesEscalation: false },
  ],
  ['events/sweeper', { table: 'readwrite', uses: ['sms', 'alerts', 'scheduler'], invokesEscalation: false }],
]);
const ENTRIES = [...FUNCTIONS.keys()];

/** The AWS SDK packages a function may import, from what it touches. */
function sdkPackagesFor({ table, uses = [], invokesEscalation }: Needs): string[] {
  return [
    ...(table === 'none' ? [] : ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']),
    ...(invokesEscalation ? ['@aws-sdk/client-lambda'] : []),
    ...(uses.includes('scheduler') ? ['@aws-sdk/client-scheduler'] : []),
    ...(uses.includes('sms') || uses.includes('alerts') ? ['@aws-sdk/client-sns'] : []),
  ].sort();
}

/** The `@aws-sdk/*` packages a bundle imports (static, side-effect or dynamic imports; the SDK is external). */
const sdkImportsOf = (code: string): string[] =>
  [
    ...new Set(
      [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](@aws-sdk\/[^"'/]+)/g)].map((m) => m[1] as string),
    ),
  ].sort();

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

  it('import only the AWS SDK clients their function uses', () => {
    const imports = Object.fromEntries(
      [...files].map(([entry, file]) => [entry, sdkImportsOf(readFileSync(file, 'utf8'))]),
    );
    const expected = Object.fromEntries(
      [...FUNCTIONS].map(([entry, needs]) => [entry, sdkPackagesFor(needs)]),
    );
    expect(imports).toEqual(expected);
    // The cheap functions stay cheap: no SNS or Scheduler client in OTP verification or any read-only GET.
    const light = ROUTES.filter(
      (r) => r.name === 'otp-verify' || (r.method === 'GET' && r.table !== 'readwrite'),
    );
    expect(light.length).toBeGreaterThan(1);
    const heavy = new Set(['@aws-sdk/client-sns', '@aws-sdk/client-scheduler']);
    for (const route of light) {
      const found = imports[handlerEntry(route)]?.filter((p) => heavy.has(p));
      expect([route.name, found]).toEqual([route.name, []]);
    }
  });
});
