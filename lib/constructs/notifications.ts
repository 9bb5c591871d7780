import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlertTopic } from '../../lambdas/ports/alerts';

export interface NotificationsProps {
  alertEmails: Record<AlertTopic, string[]>;
  /** Keep the operations topic's key when the stack is deleted. */
  protectData?: boolean;
}

const TOPIC_ENV: Record<AlertTopic, string> = {
  'level-1': 'ALERT_TOPIC_LEVEL_1_ARN',
  'level-2': 'ALERT_TOPIC_LEVEL_2_ARN',
  'level-3': 'ALERT_TOPIC_LEVEL_3_ARN',
  operations: 'ALERT_TOPIC_OPERATIONS_ARN',
};

/** Alert topics (one per escalation level plus operations), encrypted and TLS-only, and the SMS grant. */
export class Notifications extends Construct {
  readonly topics: Record<AlertTopic, Topic>;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const key = Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns');
    // CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key (its policy is
    // fixed), so the operations topic, which receives every alarm, has its own key that allows it.
    const operationsKey = new Key(this, 'OperationsKey', {
      description: 'Encrypts the Redress operations topic; CloudWatch alarms may publish to it',
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    operationsKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, `*` is this key
      }),
    );
    const make = (name: AlertTopic, displayName: string, masterKey: IKey = key) => {
      const topic = new Topic(this, `${name}-topic`, { displayName, masterKey, enforceSSL: true });
      for (const email of props.alertEmails[name]) topic.addSubscription(new EmailSubscription(email));
      return topic;
    };
    this.topics = {
      'level-1': make('level-1', 'Redress: Grievance Desk'),
      'level-2': make('level-2', 'Redress: Head of Customer Service'),
      'level-3': make('level-3', 'Redress: Office of the President'),
      operations: make('operations', 'Redress: Operations', operationsKey),
    };
  }

  /** Environment naming each topic's ARN, for functions that publish alerts. */
  topicEnvironment(): Record<string, string> {
    return Object.fromEntries(
      (Object.keys(this.topics) as AlertTopic[]).map((name) => [TOPIC_ENV[name], this.topics[name].topicArn]),
    );
  }

  grantAlerts(grantee: IGrantable): void {
    for (const topic of Object.values(this.topics)) topic.grantPublish(grantee);
  }

  /**
   * SMS to phone numbers: SNS has no resource for a phone number, so Publish is
   * allowed on `*` and, for a function that publishes no alerts, denied on every
   * topic, which leaves direct SMS only.
   */
  static grantSms(grantee: IGrantable, alsoPublishesAlerts: boolean): void {
    const stack = Stack.of(grantee.grantPrincipal as unknown as Construct);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'SendSmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }),
    );
    if (alsoPublishesAlerts) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'NoTopicPublishThroughSmsGrant',
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${stack.partition}:sns:*:*:*`],
      }),
    );
  }
}
