import * as path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
  SourceMapMode,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const LAMBDAS_DIR = path.join(__dirname, '..', '..', 'lambdas');

/**
 * How every function is bundled, in esbuild's terms: shared by the construct
 * below, the bundle test and the benchmark, so what is measured is what is deployed.
 *
 * Nothing is external: the AWS SDK pinned in package.json is bundled, minified and
 * tree-shaken to the clients and commands the function uses, instead of loading the
 * Lambda runtime's own copy (another version than the one tested, and unminified).
 */
export const BUNDLE = {
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  // Prefer packages' ESM builds so esbuild can drop unused code.
  mainFields: ['module', 'main'],
  // No `createRequire` banner: nothing bundled calls `require` (the bundle test fails if esbuild
  // ever has to emit its dynamic-require shim), and importing node:module to make one cost every
  // cold start ~2 ms (~3 M instructions) for nothing.
  // A source map is written next to the bundle (and deployed with it) but not read at run time:
  // NODE_OPTIONS=--enable-source-maps would cost every cold start and every stack trace (bench/).
  // Linked (a `sourceMappingURL` comment) so a debugger or a log tool can find it; no sources inside.
  sourcemap: 'linked',
  sourcesContent: false,
  // Node built-ins imported at the top of a module whose import costs more than what is used:
  // @middy/core's node:stream/web (response streaming, unused here) and node:timers, and
  // client-address's node:net (an ES import of a built-in reads all its exports, loading the
  // lazy ones). Each stand-in has the same exports, loaded on first use (lambdas/bundling/).
  alias: {
    'node:stream/web': path.join(LAMBDAS_DIR, 'bundling', 'node-stream-web.ts'),
    'node:timers': path.join(LAMBDAS_DIR, 'bundling', 'node-timers.ts'),
    'node:net': path.join(LAMBDAS_DIR, 'bundling', 'node-net.ts'),
  },
} as const;

/** BUNDLE as esbuild build options, for the bundle test and the bench. */
export const esbuildOptions = () => ({
  bundle: true,
  format: BUNDLE.format,
  platform: BUNDLE.platform,
  target: BUNDLE.target,
  minify: BUNDLE.minify,
  mainFields: [...BUNDLE.mainFields],
  sourcemap: BUNDLE.sourcemap,
  sourcesContent: BUNDLE.sourcesContent,
  alias: { ...BUNDLE.alias },
});

/** The source file of a function entry such as `routes/otp-request/handler`. */
export const entryPath = (entry: string): string => path.join(LAMBDAS_DIR, `${entry}.ts`);

export interface RedressFunctionProps {
  /** Module under lambdas/ exporting `handler`, without extension (e.g. routes/otp-request/handler). */
  entry: string;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  timeout?: Duration;
  memorySize?: number;
  extra?: Partial<NodejsFunctionProps>;
}

/**
 * Every function of Redress, with the safe defaults in one place: Node 22 on
 * arm64, its own log group with retention, JSON logs, X-Ray, and a minified ESM
 * bundle of only what the handler imports, AWS SDK included (local esbuild, no Docker).
 */
export class RedressFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: RedressFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    // Its own role with write access to its own log group only, instead of the managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group of the account).
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Redress function ${props.entry}`,
    });
    logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      role,
      entry: entryPath(props.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X, // pinned: NODEJS_LATEST moves under us
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      // No NODE_OPTIONS=--enable-source-maps: see BUNDLE.sourcemap.
      environment: props.environment,
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        minify: BUNDLE.minify,
        mainFields: [...BUNDLE.mainFields],
        // Bundle the pinned AWS SDK (NodejsFunction would otherwise leave `@aws-sdk/*` to the runtime).
        externalModules: [],
        bundleAwsSDK: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT, // esbuild's `linked`, as BUNDLE.sourcemap
        sourcesContent: BUNDLE.sourcesContent,
        // NodejsFunction has no `alias` option; esbuild's CLI flag is the same setting.
        esbuildArgs: {
          '--alias': Object.entries(BUNDLE.alias).map(([builtin, shim]) => `${builtin}=${shim}`),
        },
        forceDockerBundling: false,
      },
      ...props.extra,
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Runtime pinned to nodejs22.x on purpose (bundles target node22); moving to a newer runtime is a reviewed change, not a side effect of a CDK upgrade.',
    });
  }
}
