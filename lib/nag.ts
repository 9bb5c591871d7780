import { Aspects, type IAspect, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

type Statement = { Effect?: string; Sid?: string; Action?: string | string[]; Resource?: unknown };

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Wildcards that IAM cannot express any narrower, each with the test a
 * statement must pass and the reason. A wildcard finding (AwsSolutions-IAM5)
 * on a policy is acknowledged only when every statement carrying it passes the
 * test: a new, unexplained wildcard still fails the nag check.
 */
const JUSTIFIED: {
  finding: (resourceOrAction: string) => boolean;
  kind: 'Resource' | 'Action';
  allows: (statement: Statement, flatResources: string[]) => boolean;
  reason: string;
}[] = [
  {
    kind: 'Resource',
    finding: (r) => r === '*',
    allows: (s) =>
      list(s.Action).every((a) => a === 'xray:PutTraceSegments' || a === 'xray:PutTelemetryRecords') ||
      (s.Sid === 'SendSmsToPhoneNumbers' && list(s.Action).every((a) => a === 'sns:Publish')) ||
      (s.Sid === 'SetSmsAttributes' && list(s.Action).every((a) => a === 'sns:SetSMSAttributes')),
    reason:
      'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions; SMS to a phone number is sns:Publish with no resource ARN (functions that publish no alerts are denied every topic); sns:SetSMSAttributes sets account-level SMS settings and has no resource type.',
  },
  {
    kind: 'Resource',
    finding: (r) =>
      /^arn:<AWS::Partition>:scheduler:([\w-]+|<AWS::Region>):(\d{12}|<AWS::AccountId>):schedule\/<\w+>\/\*$/.test(
        r,
      ),
    allows: (s) =>
      list(s.Action).every((a) => a === 'scheduler:CreateSchedule' || a === 'scheduler:DeleteSchedule'),
    reason:
      "One-time schedules are named per grievance deadline at run time; access is confined to this stack's schedule group.",
  },
  {
    kind: 'Resource',
    finding: (r) => /^<\w+\.Arn>:\*$/.test(r),
    allows: (s) => list(s.Action).every((a) => a === 'lambda:InvokeFunction'),
    reason:
      'Invoking one function: `<arn>:*` covers its versions and aliases (CDK grantInvoke), not other functions.',
  },
  {
    kind: 'Action',
    finding: (a) => a === 'kms:GenerateDataKey*',
    allows: (_s, resources) => resources.length > 0 && resources.every((r) => /^<\w*Key\w*\.Arn>$/.test(r)),
    reason:
      'Publishing to a KMS-encrypted SNS topic needs GenerateDataKey (CDK grantPublish); the resource is that one key.',
  },
];

/**
 * Acknowledges the justified wildcard findings on every IAM policy under
 * `scope`, at synthesis (as an aspect), so grants added after the stack's
 * constructor are judged too.
 */
export function acknowledgeJustifiedWildcards(scope: IConstruct): void {
  Aspects.of(scope).add(new JustifiedWildcards());
}

class JustifiedWildcards implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnPolicy)) return;
    const document = Stack.of(node).resolve(node.policyDocument) as { Statement?: Statement[] };
    const statements = (document.Statement ?? []).filter((s) => s.Effect === 'Allow');
    const acknowledged = new Map<string, string>();
    for (const rule of JUSTIFIED) {
      const carriers = new Map<string, boolean>();
      for (const statement of statements) {
        const resources = list(statement.Resource).map((r) => flattenCfnReference(r));
        const values = rule.kind === 'Resource' ? resources : list(statement.Action);
        for (const value of values.filter((v) => v.includes('*') && rule.finding(v))) {
          const ok = rule.allows(statement, resources);
          carriers.set(value, (carriers.get(value) ?? true) && ok);
        }
      }
      for (const [value, ok] of carriers)
        if (ok) acknowledged.set(`AwsSolutions-IAM5[${rule.kind}::${value}]`, rule.reason);
    }
    for (const [id, reason] of acknowledged) Validations.of(node).acknowledge({ id, reason });
  }
}
