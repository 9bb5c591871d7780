import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterPattern, LogGroup, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface SmsDeliveryStatusProps {
  /** Share of successful deliveries SNS logs, 0–100 (failures are always logged). */
  successSamplingPercent: number;
  logRetention: RetentionDays;
}

/** Where the delivery-status metrics go; account-wide, like the SMS settings they come from. */
export const SMS_DELIVERY_NAMESPACE = 'Redress/SmsDelivery';

/**
 * SNS delivery-status logging for SMS, which is an account setting per region:
 * the two log groups SNS writes to (names fixed by SNS), created here with
 * retention; a role SNS assumes to write them, limited to those two groups; the
 * SMS attributes `DeliveryStatusIAMRole` and `DeliveryStatusSuccessSamplingRate`,
 * set by a custom resource calling SetSMSAttributes; and one metric filter per
 * group counting delivered and failed messages, for the failure-rate alarm.
 *
 * The carriers' reports carry no stage, so these metrics have none: exactly one
 * stack per account and region builds this (`sms.accountSettings`).
 */
export class SmsDeliveryStatus extends Construct {
  readonly role: Role;
  readonly successLogs: LogGroup;
  readonly failureLogs: LogGroup;
  /** Messages the carriers reported delivered (sampled at `successSamplingPercent`). */
  readonly delivered: Metric;
  /** Messages the carriers reported undelivered (all of them). */
  readonly failed: Metric;

  constructor(scope: Construct, id: string, props: SmsDeliveryStatusProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Pseudo-parameters rather than the stack's literal env: the names are SNS's, per account and region.
    const base = `sns/${Aws.REGION}/${Aws.ACCOUNT_ID}/DirectPublishToPhoneNumber`;
    this.successLogs = new LogGroup(this, 'SuccessLogs', {
      logGroupName: base,
      retention: props.logRetention,
    });
    this.failureLogs = new LogGroup(this, 'FailureLogs', {
      logGroupName: `${base}/Failure`,
      retention: props.logRetention,
    });

    // No source condition on the trust policy: SNS documents none for SMS delivery-status roles,
    // and a condition SNS does not send would silently stop the logs the failure alarm reads. The
    // role can write these two log groups and nothing else.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('sns.amazonaws.com'),
      description: 'Lets SNS write SMS delivery-status logs (Redress)',
    });
    const groups = [this.successLogs, this.failureLogs];
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteSmsDeliveryStatusLogs',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: groups.flatMap((g) => [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: g.logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
          g.logGroupArn,
        ]),
      }),
    );

    const attributes = {
      DeliveryStatusIAMRole: this.role.roleArn,
      DeliveryStatusSuccessSamplingRate: String(props.successSamplingPercent),
    };
    const call: AwsSdkCall = {
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes },
      // One account setting: the same physical id on every update, so CloudFormation never deletes it.
      physicalResourceId: PhysicalResourceId.of('sms-delivery-status'),
    };
    // The provider function's own role, writing its own log group only, instead of CDK's default
    // (the managed AWSLambdaBasicExecutionRole: logs on every group of the account).
    const providerLogs = new LogGroup(this, 'SmsAttributesLogs', { retention: props.logRetention });
    const providerRole = new Role(this, 'SmsAttributesRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Sets the account SMS delivery-status attributes (Redress custom resource)',
    });
    providerLogs.grantWrite(providerRole);
    const settings = new AwsCustomResource(this, 'SmsAttributes', {
      role: providerRole,
      onCreate: call,
      onUpdate: call,
      // Nothing on delete: the account keeps its last settings (another stack may set them next).
      installLatestAwsSdk: false,
      // Its own log group with retention (logRetention would add yet another function to manage it).
      logGroup: providerLogs,
      timeout: Duration.minutes(2),
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          sid: 'SetSmsAttributes',
          actions: ['sns:SetSMSAttributes'],
          resources: ['*'], // an account setting: SetSMSAttributes has no resource type
        }),
        new PolicyStatement({
          sid: 'PassDeliveryStatusRole',
          effect: Effect.ALLOW,
          actions: ['iam:PassRole'],
          resources: [this.role.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
        }),
      ]),
    });
    settings.node.addDependency(this.role, ...groups);

    const count = (name: string, group: LogGroup, status: string) => {
      new MetricFilter(this, `${name}Filter`, {
        logGroup: group,
        filterPattern: FilterPattern.stringValue('$.status', '=', status),
        metricNamespace: SMS_DELIVERY_NAMESPACE,
        metricName: name,
        metricValue: '1',
        defaultValue: 0,
      });
      return new Metric({ namespace: SMS_DELIVERY_NAMESPACE, metricName: name, statistic: 'Sum' });
    };
    this.delivered = count('Delivered', this.successLogs, 'SUCCESS');
    this.failed = count('Failed', this.failureLogs, 'FAILURE');
  }
}
