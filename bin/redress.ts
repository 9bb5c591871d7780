import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RedressStack } from '../lib/redress-stack';
import { stageConfig } from '../lib/stage-config';

const app = new App();
const config = stageConfig(app.node.tryGetContext('stage'));
new RedressStack(app, `Redress-${config.stage}`, {
  config,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ap-south-1' },
  description: `Redress after-sales grievance and repair tracking API (${config.stage})`,
});

// AWS Solutions rule pack (cdk-nag 3: a validation plugin): any unacknowledged finding stops synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
