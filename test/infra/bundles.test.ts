import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build, type Metafile } from 'esbuild';
import type { RouteSpec } from '../../lambdas/http/spec';
import { handlerEntry, ROUTES } from '../../lambdas/routes';
import { entryPath, esbuildOptions, RedressFunction } from '../../lib/constructs/redress-function';
import { synthStack } from '../support/template';

type Needs = Pick<RouteSpec, 'table' | 'uses'> & { invokesEscalation: boolean };

/**
 * Every function entry of the stack with what it touches: one per route (as the
 * route declares), plus the escalation target and the sweeper (as the Escalation
 * construct grants them: table, alerts, the SMS queue and schedules, but no direct
 * invoke), and the SMS drainer (table, SMS, the SMS queue to put throttled SMS back).
 */
const FUNCTIONS = new Map<string, Needs>([
  ...ROUTES.map((r): [string, Needs] => [
    handlerEntry(r),
    // A route that arms deadlines hands one less than a minute away straight to the escalation function.
    { table: r.table, uses: r.uses, invokesEscalation: Boolean(r.uses?.includes('scheduler')) },
  ]),
  [
    'events/escalation',
    { table: 'readwrite', uses: ['sms-queue', 'alerts', 'scheduler'], invokesEscalation: false },
  ],
  [
    'events/sweeper',
    { table: 'readwrite', uses: ['sms-queue', 'alerts', 'scheduler'], invokesEscalation: false },
  ],
  ['events/sms-drainer', { table: 'readwrite', uses: ['sms', 'sms-queue'], invokesEscalation: false }],
]);
const ENTRIES = [...FUNCTIONS.keys()];

/** The AWS SDK packages a function may import, from what it touches. */
function sdkPackagesFor({ table, uses = [], invokesEscalation }: Needs): string[] {
  return [
    ...(table === 'none' ? [] : ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']),
    ...(invokesEscalation ? ['@aws-sdk/client-lambda'] : []),
    ...(uses.includes('scheduler') ? ['@aws-sdk/client-scheduler'] : []),
    ...(uses.includes('sms') || uses.includes('alerts') ? ['@aws-sdk/client-sns'] : []),
    ...(uses.includes('sms-queue') ? ['@aws-sdk/client-sqs'] : []),
  ].sort();
}

/**
 * The AWS SDK client packages a bundle contains (the SDK is bundled): esbuild's
 * metafile inputs that kept bytes in the output after tree-shaking. Shared SDK
 * internals (`@aws-sdk/core`, `nested-clients` for credentials, `@smithy/*`) are
 * not clients and are not counted.
 */
const sdkClientsOf = (meta: Metafile): string[] =>
  [
    ...new Set(
      Object.values(meta.outputs).flatMap((output) =>
        Object.entries(output.inputs)
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([file]) => /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\//.exec(file)?.[1])
          .filter((pkg): pkg is string => pkg !== undefined),
      ),
    ),
  ].sort();

/** What a bundle still imports at run time: it should be Node's built-ins only. */
const externalImportsOf = (meta: Metafile): string[] =>
  [
    ...new Set(
      Object.values(meta.outputs).flatMap((output) =>
        output.imports.filter((i) => i.external).map((i) => i.path),
      ),
    ),
  ].sort();

const OUT = mkdtempSync(path.join(tmpdir(), 'redress-bundles-'));

describe('the function bundles', () => {
  const files = new Map<string, string>();
  const metas = new Map<string, Metafile>();

  beforeAll(async () => {
    await Promise.all(
      ENTRIES.map(async (entry) => {
        const outfile = path.join(OUT, `${entry.replace(/\W/g, '_')}.mjs`);
        // Exactly the construct's settings (BUNDLE), so the test cannot drift from what is deployed.
        const { metafile } = await build({
          entryPoints: [entryPath(entry)],
          ...esbuildOptions(),
          outfile,
          metafile: true,
          logLevel: 'silent',
        });
        files.set(entry, outfile);
        metas.set(entry, metafile);
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
      // What the stand-ins of lambdas/bundling/ keep unloaded: Node's web streams (@middy/core),
      // timers/promises (an ES import of node:timers) and the block list (one of node:net).
      out.unloaded = ['stream/web', 'timers/promises', 'internal/blocklist']
        .filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
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
    const loaded = JSON.parse(stdout) as Record<string, string | string[]>;
    expect(loaded).toEqual({
      ...Object.fromEntries(ENTRIES.map((e) => [e, 'function'])),
      unloaded: [],
    });
  });

  it("give the stand-ins' importers the real thing: web streams on first use, node:net's isIP, the global timers", async () => {
    // What @middy/core does with ReadableStream (instanceof), and what any other importer might (new, extends, statics).
    const probe = `
      import { ReadableStream } from 'node:stream/web';
      import { isIP } from 'node:net';
      import { setTimeout as timersSetTimeout } from 'node:timers';
      import { createRequire } from 'node:module';
      const before = process.moduleLoadList.includes('NativeModule stream/web');
      const real = (await import('node:stream/web')).ReadableStream;
      const made = new ReadableStream({ start(c) { c.enqueue('x'); c.close(); } });
      class Sub extends ReadableStream {}
      const sub = new Sub();
      const chunks = [];
      for await (const chunk of made) chunks.push(chunk);
      export const result = {
        before,
        after: process.moduleLoadList.includes('NativeModule stream/web'),
        instanceOfReal: made instanceof real,
        realInstanceOf: new real() instanceof ReadableStream,
        notAStream: {} instanceof ReadableStream,
        subclass: sub instanceof Sub && sub instanceof real,
        statics: typeof ReadableStream.from,
        chunks,
        isIP: [isIP('10.0.0.1'), isIP('2001:db8::1'), isIP('10.0.0.1:443'), isIP('garbage')],
        // Node's own node:timers exports the global (checked here outside the bundle's aliases).
        timers:
          timersSetTimeout === globalThis.setTimeout &&
          createRequire(import.meta.url)('node:timers').setTimeout === timersSetTimeout,
      };`;
    const outfile = path.join(OUT, 'stream-web-probe.mjs');
    await build({
      stdin: { contents: probe, resolveDir: path.join(__dirname, '..', '..'), loader: 'js' },
      ...esbuildOptions(),
      outfile,
      logLevel: 'silent',
    });
    const stdout = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        'process.stdout.write(JSON.stringify((await import(process.argv[1])).result))',
        pathToFileURL(outfile).href,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(JSON.parse(stdout)).toEqual({
      before: false,
      after: true,
      instanceOfReal: true,
      realInstanceOf: true,
      notAStream: false,
      subclass: true,
      statics: 'function',
      chunks: ['x'],
      isIP: [4, 6, 0, 0],
      timers: true,
    });
  });

  it('carry the AWS SDK themselves and import nothing at run time but Node built-ins', () => {
    for (const [entry, meta] of metas) {
      const foreign = externalImportsOf(meta).filter(
        (p) => !p.startsWith('node:') && !builtinModules.includes(p),
      );
      expect([entry, foreign]).toEqual([entry, []]);
      // Not node:module either: importing it as an ES module reads all of its exports, ~3 M
      // instructions a cold start (lambdas/bundling/lazy-builtin.ts uses process.getBuiltinModule).
      const moduleImports = externalImportsOf(meta).filter((p) => p === 'node:module' || p === 'module');
      expect([entry, moduleImports]).toEqual([entry, []]);
    }
    // An ES module has no `require`: a CommonJS dependency that calls it for something left
    // out of the bundle makes esbuild emit a shim that throws "Dynamic require of … is not
    // supported" when called, maybe long after import. None may (BUNDLE has no require banner).
    for (const [entry, file] of files) {
      const code = readFileSync(file, 'utf8');
      expect([entry, code.includes('Dynamic require of')]).toEqual([entry, false]);
    }
  });

  it('contain only the AWS SDK clients their function uses', () => {
    const imports = Object.fromEntries([...metas].map(([entry, meta]) => [entry, sdkClientsOf(meta)]));
    const expected = Object.fromEntries(
      [...FUNCTIONS].map(([entry, needs]) => [entry, sdkPackagesFor(needs)]),
    );
    expect(imports).toEqual(expected);
    // The cheap functions stay cheap: no SNS or Scheduler client in OTP verification or any read-only GET.
    const light = ROUTES.filter(
      (r) => r.name === 'otp-verify' || (r.method === 'GET' && r.table !== 'readwrite'),
    );
    expect(light.length).toBeGreaterThan(1);
    const heavy = new Set(['@aws-sdk/client-sns', '@aws-sdk/client-scheduler', '@aws-sdk/client-sqs']);
    for (const route of light) {
      const found = imports[handlerEntry(route)]?.filter((p) => heavy.has(p));
      expect([route.name, found]).toEqual([route.name, []]);
    }
  });

  it('are built by the CDK construct with the same settings (one function, bundled for real)', () => {
    const app = new App({ outdir: path.join(OUT, 'cdk.out') });
    const stack = new Stack(app, 'BundleProbe');
    new RedressFunction(stack, 'Health', {
      entry: 'routes/health/handler',
      environment: {},
      logRetention: RetentionDays.ONE_DAY,
    });
    const assembly = app.synth();
    const assets = readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const code = readFileSync(path.join(assembly.directory, assets[0] ?? '', 'index.mjs'), 'utf8');
    const esbuilt = readFileSync(files.get('routes/health/handler') ?? '', 'utf8');
    // Byte for byte what esbuildOptions() builds, apart from the source map's file name.
    const withoutMapUrl = (js: string) => js.replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
    expect(withoutMapUrl(code)).toEqual(withoutMapUrl(esbuilt));
  }, 60_000);

  it('are deployed without source maps turned on at run time (they cost cold starts and stack traces)', () => {
    const { resources } = synthStack();
    const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(ENTRIES.length - 1);
    for (const [id, fn] of functions) {
      const env = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      expect([id, String(env?.NODE_OPTIONS ?? '')]).not.toEqual([id, expect.stringContaining('source-maps')]);
    }
  });
});
