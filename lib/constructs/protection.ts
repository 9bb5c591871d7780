import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config';

export interface ApiProtectionProps {
  /** The API stage the web ACL guards. */
  stage: Stage;
  config: StageConfig;
}

const TOO_MANY = 'too-many-requests';

/** Rules of AWSManagedRulesCommonRuleSet that only count, because free-text bodies trip them (see below). */
export const COUNTED_BODY_RULES = ['CrossSiteScripting_BODY', 'GenericRFI_BODY', 'SizeRestrictions_BODY'];

/**
 * A regional WAF web ACL in front of the API stage: per-IP rate limits (a much
 * tighter one on the OTP routes, where every call can cost an SMS), then AWS's
 * managed rule groups for IP reputation, common exploits and known bad inputs.
 * Rate-limited callers get 429 problem+json with Retry-After, as API.md says.
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

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: `Redress API ${config.stage} - rate limits and AWS managed rules`,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`redress-${config.stage}`),
      customResponseBodies: {
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
          name: 'otp-rate-limit',
          priority: 0,
          action: rateLimited,
          statement: {
            rateBasedStatement: {
              limit: otpLimit,
              evaluationWindowSec: windowSeconds,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                orStatement: { statements: [otpPath('/otp'), otpPath(`/${config.stage}/otp`)] },
              },
            },
          },
          visibilityConfig: visibility('otp-rate-limit'),
        },
        {
          name: 'general-rate-limit',
          priority: 1,
          action: rateLimited,
          statement: {
            rateBasedStatement: {
              limit: generalLimit,
              evaluationWindowSec: windowSeconds,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('general-rate-limit'),
        },
        managed(2, 'AWSManagedRulesAmazonIpReputationList'),
        // The common rule set, with its three body rules only counting (still in metrics and
        // sampled requests): grievance descriptions, comments and responses are free text that
        // honestly quotes URLs ("see https://..."), angle brackets ("<3", "<not charging>") and
        // runs up to 2,000 characters, which CrossSiteScripting_BODY, GenericRFI_BODY and the
        // 8 KB SizeRestrictions_BODY would block. Every body is a JSON document checked against
        // its zod schema (and API Gateway's model) and is never rendered as HTML by the API;
        // the function answers 413 above 16 KiB (API.md). The same rules on the query string,
        // URI path and cookies, and every other rule of the group, keep blocking.
        managed(
          3,
          'AWSManagedRulesCommonRuleSet',
          COUNTED_BODY_RULES.map((name) => ({ name, actionToUse: { count: {} } })),
        ),
        managed(4, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });

    new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
