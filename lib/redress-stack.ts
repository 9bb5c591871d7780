import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { Data } from './constructs/data';
import { Escalation } from './constructs/escalation';
import { Identity } from './constructs/identity';
import { Notifications } from './constructs/notifications';
import type { StageConfig } from './stage-config';

export interface RedressStackProps extends StackProps {
  config: StageConfig;
}

/** Redress: stateful resources (table, topics, secret, user pool) first, then the functions and the API. */
export class RedressStack extends Stack {
  readonly data: Data;
  readonly notifications: Notifications;
  readonly identity: Identity;
  readonly escalation: Escalation;
  readonly api: Api;

  constructor(scope: Construct, id: string, props: RedressStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.data = new Data(this, 'Data', { protectData: config.protectData });
    this.notifications = new Notifications(this, 'Notifications', { alertEmails: config.alertEmails });
    this.identity = new Identity(this, 'Identity', { mfa: config.mfa, protectData: config.protectData });
    const otpSecret = new Secret(this, 'OtpHmacKey', {
      description: 'HMAC key for one-time password hashes',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    this.escalation = new Escalation(this, 'Escalation', {
      config,
      table: this.data.table,
      notifications: this.notifications,
    });

    this.api = new Api(this, 'Api', {
      config,
      userPool: this.identity.userPool,
      grants: {
        table: this.data.table,
        notifications: this.notifications,
        otpSecret,
        grantScheduling: (fn) => this.escalation.grantScheduling(fn),
        schedulingEnvironment: this.escalation.schedulingEnvironment(),
      },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
  }
}
