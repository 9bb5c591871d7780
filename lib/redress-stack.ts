import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { Data } from './constructs/data';
import { Escalation } from './constructs/escalation';
import { Identity } from './constructs/identity';
import { Notifications } from './constructs/notifications';
import { Observability } from './constructs/observability';
import { ApiProtection } from './constructs/protection';
import { SmsDeliveryStatus } from './constructs/sms-delivery';
import { acknowledgeJustifiedWildcards } from './nag';
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
  readonly protection: ApiProtection;
  readonly observability: Observability;
  /** SNS SMS delivery-status logging, when this stage owns the account's SMS settings. */
  readonly smsDelivery: SmsDeliveryStatus | undefined;

  constructor(scope: Construct, id: string, props: RedressStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.data = new Data(this, 'Data', { protectData: config.protectData });
    this.notifications = new Notifications(this, 'Notifications', {
      alertEmails: config.alertEmails,
      protectData: config.protectData,
    });
    this.identity = new Identity(this, 'Identity', {
      mfa: config.mfa,
      protectData: config.protectData,
      staffConsole: config.staffConsole,
    });
    this.smsDelivery = config.sms.accountSettings
      ? new SmsDeliveryStatus(this, 'SmsDeliveryStatus', {
          successSamplingPercent: config.sms.accountSettings.deliverySuccessSamplingPercent,
          logRetention: config.logRetention,
        })
      : undefined;
    const otpSecret = hmacKeySecret(
      this,
      'OtpHmacKey',
      'HMAC key for one-time password hashes',
      'rotating it only voids codes in flight (5 min)',
    );
    const cursorSecret = hmacKeySecret(
      this,
      'CursorKey',
      'HMAC key that signs page cursors',
      'rotating it only voids the page cursors clients hold (they start again from the first page)',
    );

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
        cursorSecret,
        grantScheduling: (fn) => this.escalation.grantScheduling(fn),
        schedulingEnvironment: this.escalation.schedulingEnvironment(),
      },
    });

    this.protection = new ApiProtection(this, 'Protection', {
      stage: this.api.restApi.deploymentStage,
      config,
    });
    this.observability = new Observability(this, 'Observability', {
      config,
      restApi: this.api.restApi,
      functions: {
        ...this.api.functions,
        escalation: this.escalation.escalationFunction,
        sweeper: this.escalation.sweeperFunction,
      },
      existingAlarms: [this.escalation.deadLetterAlarm],
      operations: this.notifications.topics.operations,
      ...(this.smsDelivery ? { smsDelivery: this.smsDelivery } : {}),
    });

    Validations.of(this.escalation.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the escalation schedules (and is alarmed on).',
    });
    Validations.of(this.api.restApi).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "API Gateway's account-level logging role: AWS's own policy for it, required for access and execution logs.",
    });
    acknowledgeJustifiedWildcards(this);

    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
  }
}

/** A random HMAC key in Secrets Manager (no credential behind it, so no rotation Lambda). */
function hmacKeySecret(scope: Construct, id: string, description: string, rotation: string): Secret {
  const secret = new Secret(scope, id, {
    description,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: `A random HMAC key with no credential behind it; ${rotation}. Rotate by hand with \`aws secretsmanager put-secret-value\` if it is ever exposed.`,
  });
  return secret;
}
