import { App, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RedressStack } from '../../lib/redress-stack';
import { STAGES } from '../../lib/stage-config';
import { synthStack } from '../support/template';

type Finding = { rule: string; severity: string; paths: string[] };

/** Every AwsSolutions finding left after the stack's acknowledgements. */
function findings(stage: 'dev' | 'prod'): Finding[] {
  const { stack } = synthStack(stage);
  const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
  return report.violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity ?? 'error',
    paths: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '?'),
  }));
}

/** Every acknowledgement recorded in the construct tree: [rule id, reason]. */
function acknowledgements(stage: 'dev' | 'prod'): [string, string][] {
  const { stack } = synthStack(stage);
  return (
    stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, unknown>))
      // cfn-lint's W3045 is acknowledged by aws-cdk-lib itself on a bucket that receives logs by ACL
      // (CloudFront's standard logs need one): not an acknowledgement of ours.
      .filter(([id]) => id !== 'CloudFormation-Validate::W3045')
      .map(([id, value]) => [id, typeof value === 'string' ? value : JSON.stringify(value)])
  );
}

describe.each(['dev', 'prod'] as const)('cdk-nag AwsSolutions on the %s stack', (stage) => {
  it('leaves no unacknowledged finding at error level', () => {
    expect(findings(stage).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('leaves no unacknowledged warning either', () => {
    expect(findings(stage).filter((f) => f.severity !== 'error')).toEqual([]);
  });

  it('acknowledges only named findings, each with a real reason', () => {
    const acks = acknowledgements(stage);
    expect(acks.length).toBeGreaterThan(0);
    for (const [id, reason] of acks) {
      expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/);
      // A wildcard is acknowledged finding by finding (the v3 form of `appliesTo`), never as a whole rule.
      if (/IAM[45]/.test(id)) expect(id).toMatch(/\[(Resource|Action|Policy)::.+\]$/);
      expect(reason.length).toBeGreaterThan(40);
    }
  });
});

it('does not acknowledge the MFA rule in prod, where MFA is required', () => {
  const ids = acknowledgements('prod').map(([id]) => id);
  expect(ids.some((id) => id.includes('AwsSolutions-COG2'))).toBe(false);
  expect(acknowledgements('dev').some(([id]) => id.includes('AwsSolutions-COG2'))).toBe(true);
});

it('still reports a wildcard no justification covers (the check is not vacuous)', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new RedressStack(app, 'Nag-probe', {
    config: STAGES.dev,
    env: { account: '123456789012', region: 'ap-south-1' },
  });
  const fn = stack.api.functions.health;
  if (!fn) throw new Error('no health function');
  fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(stack);
  expect(report.violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
});
