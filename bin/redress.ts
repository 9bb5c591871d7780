import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RedressStack } from '../lib/redress-stack';
import { deploymentEnvironment, stageConfig } from '../lib/stage-config';

const app = new App();
const config = stageConfig(app.node.tryGetContext('stage'));
// The stage's own region (and account, when pinned); a deployer environment naming another refuses to synthesize.
const { env, warnings } = deploymentEnvironment(config, process.env);
const stack = new RedressStack(app, `Redress-${config.stage}`, {
  config,
  env,
  description: `Redress after-sales grievance and repair tracking API (${config.stage})`,
});
for (const warning of warnings) Annotations.of(stack).addWarningV2('redress:region', warning);

// AWS Solutions rule pack (cdk-nag 3: a validation plugin): any unacknowledged finding stops synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
