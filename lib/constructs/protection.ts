import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config';

export interface ApiProtectionProps {
  /** The API stage the web ACL guards. */
  stage: Stage;
  config: StageConfig;
  /**
   * The header CloudFront adds to every request it forwards and its value (a dynamic reference to
   * the secret, resolved by CloudFormation at deploy): requests without it are blocked.
   */
  originVerify: { headerName: string; value: string };
  /** The header carrying the viewer's IP address, set by CloudFront on every API request. */
  viewerAddressHeader: string;
}

const TOO_MANY = 'too-many-requests';
const NOT_THROUGH_CLOUDFRONT = 'not-through-cloudfront';

/** Rules of AWSManagedRulesCommonRuleSet that only count, because free-text bodies trip them (see below). */
export const COUNTED_BODY_RULES = ['CrossSiteScripting_BODY', 'GenericRFI_BODY', 'SizeRestrictions_BODY'];

/**
 * A regional WAF web ACL in front of the API stage: first, only requests that
 * came through the CloudFront distribution (they carry its secret origin
 * header); then per-client rate limits (a much tighter one on the OTP routes,
 * where every call can cost an SMS), counted per viewer address; then AWS's
 * managed rule groups for IP reputation, common exploits and known bad inputs.
 * Rate-limited callers get 429 problem+json with Retry-After, as API.md says.
 *
 * Why the rate rules count the forwarded viewer address, and what a spoofed
 * header can do: behind CloudFront the source IP WAF sees is an edge
 * location's, shared by every customer it serves, so an IP-keyed limit would
 * let one busy client lock out a whole city. The viewer's address comes in
 * `viewerAddressHeader`, which the distribution's viewer-request function sets
 * from `event.viewer.ip` on every API request, overwriting any value the
 * viewer sent under that name. A client can therefore not choose the address
 * it is counted under by sending that header through CloudFront; and going
 * around CloudFront (straight to execute-api, where it could send any header)
 * fails at the first rule, because it cannot know the origin-verify value.
 * What a client can still do is what it could do anyway: spread requests over
 * many real addresses. (X-Forwarded-For was not used: WAF's FORWARDED_IP reads
 * its first entry, which is the one the viewer wrote.)
 */
export class ApiProtection extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiProtectionProps) {
    super(scope, id);
    const { config } = props;
    const { generalLimit, otpLimit, windowSeconds } = config.waf;
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const rateLimited: CfnWebACL.RuleActionProperty = {
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: TOO_MANY,
          responseHeaders: [{ name: 'Retry-After', value: String(windowSeconds) }],
        },
      },
    };
    // The URI path WAF sees starts with the stage name on the execute-api endpoint
    // (/prod/otp) and without it behind a custom domain (/otp): match both.
    const otpPath = (prefix: string): CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: prefix,
        textTransformations: [
          { priority: 0, type: 'URL_DECODE' },
          { priority: 1, type: 'LOWERCASE' },
        ],
      },
    });
    const managed = (
      priority: number,
      name: string,
      ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[],
    ): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(ruleActionOverrides ? { ruleActionOverrides } : {}),
        },
      },
      visibilityConfig: visibility(name),
    });

    // Rate limits count the viewer's address as CloudFront saw it (see above). A request whose header
    // is not a valid IP address is treated as matching (MATCH: the rule's action applies) rather
    // than escaping the limits; CloudFront always sets a valid one. WAF skips the rule for a request
    // without the header, which the first rule has blocked unless it came through the distribution.
    const viewerAddress = {
      aggregateKeyType: 'FORWARDED_IP',
      forwardedIpConfig: { headerName: props.viewerAddressHeader, fallbackBehavior: 'MATCH' },
    } as const;

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: `Redress API ${config.stage} - rate limits and AWS managed rules`,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`redress-${config.stage}`),
      customResponseBodies: {
        [NOT_THROUGH_CLOUDFRONT]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'about:blank',
            title: 'Forbidden',
            status: 403,
            detail: 'Use the service through its web address.',
          }),
        },
        [TOO_MANY]: {
          // WAF allows only TEXT_PLAIN, TEXT_HTML or APPLICATION_JSON here; the body is a problem document.
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'about:blank',
            title: 'Too many requests',
            status: 429,
            detail: 'Too many requests from this network; try again later.',
          }),
        },
      },
      rules: [
        {
          // Requests that did not come through the distribution: CloudFront overwrites the header on
          // every request it forwards, so only a caller that knows the secret could forge it.
          name: 'through-cloudfront-only',
          priority: 0,
          action: {
            block: { customResponse: { responseCode: 403, customResponseBodyKey: NOT_THROUGH_CLOUDFRONT } },
          },
          statement: {
            notStatement: {
              statement: {
                byteMatchStatement: {
                  fieldToMatch: { singleHeader: { Name: props.originVerify.headerName.toLowerCase() } },
                  positionalConstraint: 'EXACTLY',
                  searchString: props.originVerify.value,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('through-cloudfront-only'),
        },
        {
          name: 'otp-rate-limit',
          priority: 1,
          action: rateLimited,
          statement: {
            rateBasedStatement: {
              limit: otpLimit,
              evaluationWindowSec: windowSeconds,
              ...viewerAddress,
              scopeDownStatement: {
                orStatement: { statements: [otpPath('/otp'), otpPath(`/${config.stage}/otp`)] },
              },
            },
          },
          visibilityConfig: visibility('otp-rate-limit'),
        },
        {
          name: 'general-rate-limit',
          priority: 2,
          action: rateLimited,
          statement: {
            rateBasedStatement: {
              limit: generalLimit,
              evaluationWindowSec: windowSeconds,
              ...viewerAddress,
            },
          },
          visibilityConfig: visibility('general-rate-limit'),
        },
        managed(3, 'AWSManagedRulesAmazonIpReputationList'),
        // The common rule set, with its three body rules only counting (still in metrics and
        // sampled requests): grievance descriptions, comments and responses are free text that
        // honestly quotes URLs ("see https://..."), angle brackets ("<3", "<not charging>") and
        // runs up to 2,000 characters, which CrossSiteScripting_BODY, GenericRFI_BODY and the
        // 8 KB SizeRestrictions_BODY would block. Every body is a JSON document checked against
        // its zod schema (and API Gateway's model) and is never rendered as HTML by the API;
        // the function answers 413 above 16 KiB (API.md). The same rules on the query string,
        // URI path and cookies, and every other rule of the group, keep blocking.
        managed(
          4,
          'AWSManagedRulesCommonRuleSet',
          COUNTED_BODY_RULES.map((name) => ({ name, actionToUse: { count: {} } })),
        ),
        managed(5, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });

    new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
