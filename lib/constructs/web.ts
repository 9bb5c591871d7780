import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DockerImage, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../lambdas/http/client-address';
import type { RouteSpec } from '../../lambdas/http/spec';
import type { StageConfig } from '../stage-config';

/**
 * CloudFront path patterns that send every route of the route table to the API:
 * one per first path segment — `/health` when the segment is itself the only
 * route, `/staff/*` when it is only a prefix, `/otp*` when it is both. Made
 * from the specs, so a new route cannot be forgotten (test/infra/web.test.ts).
 */
export function apiPathPatterns(routes: readonly Pick<RouteSpec, 'path'>[]): string[] {
  const bySegment = new Map<string, { exact: boolean; deeper: boolean }>();
  for (const { path } of routes) {
    const [, first = '', ...rest] = path.split('/');
    const seen = bySegment.get(first) ?? { exact: false, deeper: false };
    if (rest.length === 0) seen.exact = true;
    else seen.deeper = true;
    bySegment.set(first, seen);
  }
  return [...bySegment.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([segment, { exact, deeper }]) =>
      exact && deeper ? `/${segment}*` : deeper ? `/${segment}/*` : `/${segment}`,
    );
}

/**
 * Viewer-request function of the apps' behaviour: the apps route in the browser, so an
 * extensionless path under /console/ is the console's page and any other is the portal's.
 * Files (a dot in the last segment: assets, config.json) pass through, so a missing one is
 * S3's 403/404 and not a page. API paths never get here (their behaviours come first), so the
 * API's own 403/404 problem+json answers stay as they are (no distribution-wide error pages).
 */
export const SPA_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/console') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/console/' } } };
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = uri.indexOf('/console/') === 0 ? '/console/index.html' : '/index.html';
  }
  return request;
}`;

/**
 * Viewer-request function of the API behaviours: the viewer's IP address, as CloudFront saw
 * the connection, in a header of its own (any value the viewer sent under that name is
 * overwritten). The API's WAF rate rules and the OTP function's per-client limit count it.
 */
export const VIEWER_ADDRESS_CODE = `function handler(event) {
  var request = event.request;
  request.headers['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip };
  return request;
}`;

export interface WebProps {
  config: StageConfig;
  restApi: RestApi;
  /** The API's routes: their paths go to the API origin. */
  routes: readonly RouteSpec[];
  /** The value of the origin-verify header (a dynamic reference to its secret). */
  originVerifyValue: string;
  /** Cognito managed login's base URL (https://…amazoncognito.com): the CSP lets the console reach it. */
  signInUrl: string;
}

/**
 * The web apps in AWS: a private, versioned, encrypted S3 bucket read by one CloudFront
 * distribution through origin access control, which also forwards the API's paths to API
 * Gateway (uncached, every viewer header but Host, with the origin-verify header), so the
 * browser talks to one origin. The apps are built by web/build.ts at synthesis (local
 * bundling, no Docker) and uploaded by a BucketDeployment with their cache headers.
 */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly url: string;
  private readonly signInUrl: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { config } = props;
    this.signInUrl = props.signInUrl;
    const removalPolicy = config.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // CloudFront standard logs and the site bucket's server access logs. CloudFront's legacy
    // log delivery writes with an ACL, so this bucket keeps object-writer ownership.
    this.logBucket = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(config.logRetention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The access-log bucket itself: logging its own writes into itself would loop, and into another bucket would need that one logged too.',
    });

    this.bucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // Old hashed assets stay for pages still open in a browser; old versions go after 30 days.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });

    const securityHeaders = (contentSecurityPolicy?: string) => ({
      ...(contentSecurityPolicy ? { contentSecurityPolicy: { contentSecurityPolicy, override: true } } : {}),
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      referrerPolicy: {
        referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
    });
    // WEB.md's strict policy: no inline script anywhere (web/build.ts emits none); the console
    // talks to Cognito's token endpoint (connect-src) and navigates to its managed login.
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${props.signInUrl}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      `form-action 'self' ${props.signInUrl}`,
      "object-src 'none'",
    ].join('; ');
    const appHeaders = new ResponseHeadersPolicy(this, 'AppHeaders', {
      comment: 'Redress web apps: CSP, HSTS, nosniff, referrer policy, no framing',
      securityHeadersBehavior: securityHeaders(csp),
    });
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Redress API: HSTS, nosniff, referrer policy, no framing',
      securityHeadersBehavior: securityHeaders(),
    });

    const spaRouting = new EdgeFunction(this, 'SpaRouting', {
      code: FunctionCode.fromInline(SPA_ROUTING_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Extensionless app paths to the app page',
    });
    const viewerAddress = new EdgeFunction(this, 'ViewerAddress', {
      code: FunctionCode.fromInline(VIEWER_ADDRESS_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: "The viewer's IP address for the API's per-client limits",
    });

    const apiOrigin = new RestApiOrigin(props.restApi, {
      // CloudFront overwrites a viewer's header of this name; the API's WAF blocks requests without it.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifyValue },
    });
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Every viewer header (Authorization, Idempotency-Key, the viewer address…) and query string,
      // but not Host: API Gateway answers only to its own.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
      functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Redress ${config.stage}: web apps and API`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200, // includes India's edge locations
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: appHeaders,
        functionAssociations: [{ function: spaRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns(props.routes).map((p) => [p, apiBehavior])),
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: customers may look up their repair from anywhere (travel, roaming); no law limits where the service is offered.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          "No WAF on the distribution: every API request reaches the API's regional web ACL (rate limits per viewer address, managed rules), and the static apps have nothing to protect beyond CloudFront's own DDoS protection. A CloudFront web ACL must live in us-east-1, a second stack.",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The default *.cloudfront.net certificate, which CloudFront serves with its own TLS policy; a custom domain with an ACM certificate in us-east-1 (README, 'A custom domain') sets TLSv1.2_2021.",
      },
    );
  }

  /** The console's URL: where Cognito sends the browser back after sign-in and sign-out. */
  get consoleUrl(): string {
    return `${this.url}/console/`;
  }

  /**
   * Builds the apps and uploads them with /console/config.json (web/console/sign-in.ts's
   * ConsoleConfig: the managed login's domain, the console's app client and its URL, tokens
   * resolved at deploy). Called once the console's app client exists (its callback URL is this
   * distribution's, so it comes after it).
   */
  deployApps(signIn: { clientId: string }): void {
    const consoleConfig = {
      signIn: {
        kind: 'cognito',
        domain: this.signInUrl,
        clientId: signIn.clientId,
        redirectUri: this.consoleUrl,
        logoutUri: this.consoleUrl,
        scopes: ['openid', 'email', 'profile'],
      },
    };
    // The apps, built by web/build.ts into the asset directory at synthesis (no Docker).
    const root = join(__dirname, '..', '..');
    const apps = Source.asset(join(root, 'web'), {
      exclude: ['dist'],
      bundling: {
        image: DockerImage.fromRegistry('none'),
        local: {
          tryBundle(outputDir: string) {
            execFileSync(
              join(root, 'node_modules', '.bin', 'tsx'),
              [join(root, 'web', 'build.ts'), outputDir],
              {
                cwd: root,
                stdio: ['ignore', 'ignore', 'inherit'],
              },
            );
            return true;
          },
        },
      },
    });
    // Hashed assets first: never change under their name, so cached for a year.
    const assets = new BucketDeployment(this, 'Assets', {
      sources: [apps],
      destinationBucket: this.bucket,
      exclude: ['*.html'],
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    // Then the pages and the console's configuration, revalidated on every load, and the
    // distribution's copies of them invalidated. Hashed assets of earlier builds stay (prune:
    // false) for pages still open; the bucket's versioning keeps earlier pages too.
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [apps, Source.jsonData('console/config.json', consoleConfig)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['*.html', 'console/config.json'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/console/*'],
    });
    pages.node.addDependency(assets);
    this.acknowledgeDeploymentHandler(assets);
  }

  /**
   * The findings on CDK's BucketDeployment handler (one per stack, shared by both deployments),
   * each named: its policy is CDK's own, built by grantRead/grantReadWrite on exactly the asset
   * staging bucket and the site bucket.
   */
  private acknowledgeDeploymentHandler(deployment: BucketDeployment): void {
    const stack = Stack.of(this);
    const handler = deployment.handlerRole.node.scope;
    if (!handler) return;
    const siteId = stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)) as string;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const staging = `arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${region}/*`;
    const wildcard = (finding: string, reason: string) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    const s3Reason =
      "CDK's BucketDeployment grants (grantRead on the CDK asset staging bucket, grantReadWrite on the site bucket) use these action groups; the resources are those two buckets only.";
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's BucketDeployment handler: AWS's basic execution policy, for its own log group only.",
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment handler: aws-cdk-lib chooses and updates its runtime with the library; it runs only during deploys.",
      },
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((a) =>
        wildcard(`Action::${a}`, s3Reason),
      ),
      wildcard(
        `Resource::${staging}`,
        'Reading the uploaded web asset (a zip) from the CDK asset staging bucket.',
      ),
      wildcard(
        `Resource::<${siteId}.Arn>/*`,
        'Writing the web apps: every object of the site bucket, and no other bucket.',
      ),
      wildcard(
        'Resource::*',
        "cloudfront:CreateInvalidation/GetInvalidation only (CDK's BucketDeployment grants them without a resource), used for this distribution's paths after each upload.",
      ),
    );
  }
}
