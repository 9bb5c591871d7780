import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../lambdas/http/client-address';
import { ROUTES } from '../lambdas/routes';
import { Api } from './constructs/api';
import { Data } from './constructs/data';
import { Escalation } from './constructs/escalation';
import { Identity } from './constructs/identity';
import { Notifications } from './constructs/notifications';
import { Observability } from './constructs/observability';
import { ApiProtection } from './constructs/protection';
import { SmsDeliveryStatus } from './constructs/sms-delivery';
import { SmsQueue } from './constructs/sms-queue';
import { Web } from './constructs/web';
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
  readonly smsQueue: SmsQueue;
  readonly api: Api;
  readonly protection: ApiProtection;
  readonly web: Web;
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
      stage: config.stage,
      mfa: config.mfa,
      protectData: config.protectData,
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

    // What CloudFront sends the API in X-Origin-Verify: the WAF lets only requests carrying it
    // through, and the OTP function trusts the viewer address only beside it. CloudFront and WAF
    // get it as a dynamic reference, resolved by CloudFormation at deploy (it appears in their
    // configuration, readable by whoever may read those; it grants no access to anything).
    const originVerifySecret = new Secret(this, 'OriginVerify', {
      description: 'Value CloudFront sends the API in X-Origin-Verify (requests without it are blocked)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(originVerifySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront and WAF read it only at deploy (dynamic references), so automatic rotation would break the API until the next deploy. Rotate by `put-secret-value` followed by `cdk deploy` (README).',
    });

    this.smsQueue = new SmsQueue(this, 'SmsQueue', { config, table: this.data.table });
    this.escalation = new Escalation(this, 'Escalation', {
      config,
      table: this.data.table,
      notifications: this.notifications,
      smsQueue: this.smsQueue,
    });

    this.api = new Api(this, 'Api', {
      config,
      userPool: this.identity.userPool,
      grants: {
        table: this.data.table,
        notifications: this.notifications,
        otpSecret,
        cursorSecret,
        originVerifySecret,
        grantScheduling: (fn) => this.escalation.grantScheduling(fn),
        schedulingEnvironment: this.escalation.schedulingEnvironment(),
        smsQueue: this.smsQueue,
      },
    });

    const originVerifyValue = originVerifySecret.secretValue.unsafeUnwrap();
    this.protection = new ApiProtection(this, 'Protection', {
      stage: this.api.restApi.deploymentStage,
      config,
      originVerify: { headerName: ORIGIN_VERIFY_HEADER, value: originVerifyValue },
      viewerAddressHeader: VIEWER_ADDRESS_HEADER,
    });

    // One origin for the browser: the apps from S3 and the API's paths to API Gateway.
    this.web = new Web(this, 'Web', {
      config,
      restApi: this.api.restApi,
      routes: ROUTES,
      originVerifyValue,
      signInUrl: this.identity.domainUrl,
    });
    // The staff console's app client returns to exactly the console's URL on this distribution.
    const consoleClient = this.identity.addConsoleClient({
      callbackUrls: [this.web.consoleUrl],
      logoutUrls: [this.web.consoleUrl],
    });
    this.web.deployApps({ clientId: consoleClient.userPoolClientId });
    this.observability = new Observability(this, 'Observability', {
      config,
      restApi: this.api.restApi,
      functions: {
        ...this.api.functions,
        escalation: this.escalation.escalationFunction,
        sweeper: this.escalation.sweeperFunction,
        smsDrainer: this.smsQueue.drainer,
      },
      existingAlarms: [this.escalation.deadLetterAlarm, ...this.smsQueue.alarms],
      operations: this.notifications.topics.operations,
      ...(this.smsDelivery ? { smsDelivery: this.smsDelivery } : {}),
    });

    Validations.of(this.escalation.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the escalation schedules (and is alarmed on).',
    });
    Validations.of(this.smsQueue.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the customer-SMS queue (and is alarmed on).',
    });
    Validations.of(this.api.restApi).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "API Gateway's account-level logging role: AWS's own policy for it, required for access and execution logs.",
    });
    acknowledgeJustifiedWildcards(this);

    new CfnOutput(this, 'PortalUrl', { value: `${this.web.url}/`, description: 'Customer portal' });
    new CfnOutput(this, 'ConsoleUrl', { value: this.web.consoleUrl, description: 'Staff console' });
    new CfnOutput(this, 'ApiUrl', {
      value: `${this.web.url}/`,
      description: "The API's base URL (through CloudFront; execute-api alone is refused by the WAF)",
    });
    new CfnOutput(this, 'ManagedLoginUrl', {
      value: this.identity.domainUrl,
      description: 'Cognito managed login',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: consoleClient.userPoolClientId });
    new CfnOutput(this, 'WebBucketName', { value: this.web.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.web.distribution.distributionId });
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
