import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RedressStack } from '../../lib/redress-stack';
import { STAGES, type StageConfig } from '../../lib/stage-config';

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** The synthesized stack of a stage, without bundling (bundling is tested once, elsewhere). */
export function synthStack(stage: StageConfig['stage'] = 'dev') {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new RedressStack(app, `Test-${stage}`, {
    config: STAGES[stage],
    env: { account: '123456789012', region: 'ap-south-1' },
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  return { app, stack, template, resources };
}

/** Logical id of the Lambda function whose construct path contains `fragment` (e.g. 'fnotprequest'). */
export function functionId(resources: Record<string, Resource>, fragment: string): string {
  const ids = Object.keys(resources).filter(
    (id) =>
      resources[id]?.Type === 'AWS::Lambda::Function' && id.toLowerCase().includes(fragment.toLowerCase()),
  );
  if (ids.length !== 1)
    throw new Error(`expected one function matching ${fragment}, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Condition?: unknown };

/** Every statement in the inline policies attached to a function's role. */
export function statementsOf(resources: Record<string, Resource>, fnId: string): Statement[] {
  const role = (resources[fnId]?.Properties?.Role as { 'Fn::GetAtt': [string, string] } | undefined)?.[
    'Fn::GetAtt'
  ][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => ((r.Properties?.Roles ?? []) as { Ref: string }[]).some((ref) => ref.Ref === role))
    .flatMap(
      (r) => ((r.Properties?.PolicyDocument ?? { Statement: [] }) as { Statement: Statement[] }).Statement,
    );
}

export const actionsOf = (statements: Statement[], effect = 'Allow'): string[] =>
  statements
    .filter((s) => s.Effect === effect)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
