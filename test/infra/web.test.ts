import { runInNewContext } from 'node:vm';
import { ROUTES } from '../../lambdas/routes';
import { apiPathPatterns, SPA_ROUTING_CODE, VIEWER_ADDRESS_CODE } from '../../lib/constructs/web';
import { functionId, statementsOf, synthStack } from '../support/template';

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Behavior = {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId?: unknown;
  OriginRequestPolicyId?: unknown;
  ResponseHeadersPolicyId?: unknown;
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
  AllowedMethods?: string[];
};

const text = (value: unknown) => JSON.stringify(value);
const ofType = (resources: Record<string, Resource>, type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

/** CloudFront's path pattern matching: `*` any run of characters, `?` one, case-sensitive. */
const matches = (pattern: string, path: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(path);

/** Runs a CloudFront Function's code on an event. */
const run = (code: string, event: unknown) =>
  runInNewContext(`${code}\nhandler(event)`, { event }) as Record<string, unknown>;

// Managed policy ids (CloudFront's own).
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe.each(['dev', 'prod'] as const)('the web distribution (%s)', (stage) => {
  const { resources, template } = synthStack(stage);
  const [[distributionId, distribution]] = ofType(resources, 'AWS::CloudFront::Distribution') as [
    [string, Resource],
  ];
  const config = distribution.Properties?.DistributionConfig as {
    DefaultCacheBehavior: Behavior;
    CacheBehaviors: Behavior[];
    Origins: {
      Id: string;
      S3OriginConfig?: unknown;
      OriginAccessControlId?: unknown;
      OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
      OriginPath?: unknown;
      DomainName: unknown;
    }[];
    CustomErrorResponses?: unknown;
  };
  const apiOrigin = config.Origins.find((o) => text(o.DomainName).includes('execute-api'));
  const s3Origin = config.Origins.find((o) => o.S3OriginConfig);

  it('sends every route of the route table to the API origin, uncached, with every viewer header but Host', () => {
    expect(apiOrigin).toBeDefined();
    for (const route of ROUTES) {
      const path = route.path.replace(/\{\w+\}/g, 'X-123');
      // CloudFront takes the first behaviour whose pattern matches, the default last.
      const behavior = config.CacheBehaviors.find((b) => matches(String(b.PathPattern), path));
      expect([route.path, behavior?.TargetOriginId]).toEqual([route.path, apiOrigin?.Id]);
      expect(behavior?.CachePolicyId).toBe(CACHING_DISABLED);
      expect(behavior?.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
      expect(behavior?.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'OPTIONS']));
    }
    expect(apiPathPatterns(ROUTES)).toEqual([
      '/grievances*',
      '/health',
      '/openapi.json',
      '/otp*',
      '/service-orders*',
      '/session*',
      '/staff/*',
    ]);
  });

  it('sends nothing of the apps to the API', () => {
    for (const path of [
      '/',
      '/index.html',
      '/console/',
      '/console/index.html',
      '/console/config.json',
      '/assets/portal-X.js',
      '/console/assets/console-X.css',
    ])
      expect([path, config.CacheBehaviors.find((b) => matches(String(b.PathPattern), path))]).toEqual([
        path,
        undefined,
      ]);
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3Origin?.Id);
  });

  it("reaches the API stage's path and sends the origin-verify secret as a dynamic reference", () => {
    expect(text(apiOrigin?.OriginPath)).toContain('DeploymentStage');
    const header = apiOrigin?.OriginCustomHeaders?.find((h) => h.HeaderName === 'x-origin-verify');
    expect(text(header?.HeaderValue)).toMatch(/\{\{resolve:secretsmanager:.*OriginVerify/);
  });

  it('reads the private bucket through origin access control, not an identity', () => {
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const [[bucketId, bucket]] = ofType(resources, 'AWS::S3::Bucket').filter(([, b]) =>
      Boolean(b.Properties?.VersioningConfiguration),
    ) as [[string, Resource]];
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: expect.any(Object),
      LoggingConfiguration: expect.any(Object),
    });
    const policy = ofType(resources, 'AWS::S3::BucketPolicy').find(([, p]) =>
      text(p.Properties?.Bucket).includes(bucketId),
    );
    expect(text(policy)).toContain('aws:SecureTransport');
    expect(text(policy)).toContain('cloudfront.amazonaws.com');
  });

  it('gives the origin-verify secret only to functions that count per client address', () => {
    for (const route of ROUTES) {
      const id = functionId(resources, `fn${route.name.replace(/-/g, '')}Function`);
      const env = (
        (resources[id]?.Properties?.Environment ?? {}) as unknown as { Variables: Record<string, unknown> }
      ).Variables;
      const policy = text(statementsOf(resources, id));
      const counts = Boolean(route.uses?.includes('client-address'));
      expect([route.name, 'ORIGIN_VERIFY_SECRET_ID' in env, /"OriginVerify\w+"/.test(policy)]).toEqual([
        route.name,
        counts,
        counts,
      ]);
    }
    expect(ROUTES.find((r) => r.name === 'otp-request')?.uses).toContain('client-address');
  });

  it('has no distribution-wide error pages (they would turn API errors into HTML)', () => {
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('sends the security headers of WEB.md on the apps, with a CSP that allows no inline script', () => {
    const policyId = (config.DefaultCacheBehavior.ResponseHeadersPolicyId as { Ref: string }).Ref;
    const headers = (
      (resources[policyId]?.Properties?.ResponseHeadersPolicyConfig ?? {}) as unknown as {
        SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      }
    ).SecurityHeadersConfig;
    const csp = text(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self';",
      "frame-ancestors 'none'",
      "base-uri 'self'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain('amazoncognito.com'); // the console's token exchange
    expect(headers.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ReferrerPolicy).toBeDefined();
  });

  it('routes app paths to the app pages in a viewer function on the apps, and adds the viewer address on the API', () => {
    const functions = new Map(ofType(resources, 'AWS::CloudFront::Function'));
    const codeOf = (b: Behavior) => {
      const arn = (b.FunctionAssociations ?? [])[0]?.FunctionARN as { 'Fn::GetAtt': [string] } | undefined;
      return String(functions.get(arn?.['Fn::GetAtt'][0] ?? '')?.Properties?.FunctionCode);
    };
    expect(codeOf(config.DefaultCacheBehavior)).toBe(SPA_ROUTING_CODE);
    for (const behavior of config.CacheBehaviors) expect(codeOf(behavior)).toBe(VIEWER_ADDRESS_CODE);
    expect(distributionId).toBeDefined();
  });

  it('publishes /console/config.json for the console with the real domain, client and redirect URI', () => {
    const deployments = ofType(resources, 'Custom::CDKBucketDeployment');
    const pages = deployments.find(([, d]) => text(d.Properties).includes('config.json'));
    const props = text(pages?.[1].Properties);
    // config.json's tokens, filled in at deploy: the managed login domain, the console's client, the distribution.
    const [[clientId]] = ofType(resources, 'AWS::Cognito::UserPoolClient') as [[string, Resource]];
    const [[domainId]] = ofType(resources, 'AWS::Cognito::UserPoolDomain') as [[string, Resource]];
    expect(props).toContain(text({ Ref: clientId }));
    expect(props).toContain(text({ Ref: domainId }));
    expect(props).toContain(text({ 'Fn::GetAtt': [distributionId, 'DomainName'] }));
    expect(props).toContain('no-cache');
    expect(text(pages?.[1].Properties?.DistributionPaths)).toContain('/console/*');
    const assets = deployments.find(([, d]) => !text(d.Properties).includes('config.json'));
    expect(text(assets?.[1].Properties)).toContain('immutable');
  });

  it("uses Cognito's managed login with a branding style for the console's client", () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('names the portal and console URLs in the outputs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(text(outputs.PortalUrl?.Value)).toContain('DomainName');
    expect(text(outputs.ConsoleUrl?.Value)).toContain('/console/');
  });
});

describe('the viewer functions', () => {
  const spa = (uri: string) => run(SPA_ROUTING_CODE, { request: { uri, headers: {} } });

  it.each([
    ['/', '/index.html'],
    ['/track', '/index.html'],
    ['/console/', '/console/index.html'],
    ['/console/queue/G-1', '/console/index.html'],
    ['/assets/portal-AB12.js', '/assets/portal-AB12.js'],
    ['/console/config.json', '/console/config.json'],
    ['/console/assets/console-CD34.css', '/console/assets/console-CD34.css'],
  ])('serves %s from %s', (uri, target) => expect(spa(uri).uri).toBe(target));

  it('redirects /console to /console/', () => {
    expect(spa('/console')).toMatchObject({ statusCode: 301, headers: { location: { value: '/console/' } } });
  });

  it("overwrites any viewer-address header with CloudFront's view of the viewer", () => {
    const request = run(VIEWER_ADDRESS_CODE, {
      viewer: { ip: '203.0.113.7' },
      request: { uri: '/otp', headers: { 'x-viewer-address': { value: '1.1.1.1' } } },
    });
    expect(request.headers).toEqual({ 'x-viewer-address': { value: '203.0.113.7' } });
  });
});
