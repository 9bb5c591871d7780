import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, type MetricName, metricDimensions } from '../../lambdas/metrics';
import type { StageConfig } from '../stage-config';
import type { RedressFunction } from './redress-function';
import type { SmsDeliveryStatus } from './sms-delivery';

export interface ObservabilityProps {
  config: StageConfig;
  restApi: RestApi;
  /** Every function of the stack, by a readable name (alarm per function). */
  functions: Record<string, RedressFunction>;
  /** Alarms built elsewhere (e.g. the escalation dead-letter queue's) that should notify operations too. */
  existingAlarms: Alarm[];
  /** Where every alarm goes. */
  operations: ITopic;
  /** SNS delivery-status logging, when this stack owns the account's SMS settings: its failure rate is alarmed. */
  smsDelivery?: SmsDeliveryStatus;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms to the operations topic on what an operator must act on: the API
 * answering 5xx, any function failing, undelivered deadlines (the dead-letter
 * queue), deadlines or reminders that could not be scheduled, team alerts that
 * could not be published, SMS (and OTP) sends failing, SMS the carriers did not
 * deliver, and SMS spend. Plus a small dashboard. The functions' metrics are
 * selected by this stage's dimensions; each alarm's description names the stage.
 */
export class Observability extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config, restApi, operations } = props;
    const action = new SnsAction(operations);
    // CloudWatch publishes alarm notifications as a service; the topic's own policy must let it.
    operations.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [operations.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const alarm = (alarmId: string, props: ConstructorParameters<typeof Alarm>[2]): Alarm => {
      const created = new Alarm(this, alarmId, {
        treatMissingData: TreatMissingData.NOT_BREACHING,
        ...props,
        alarmDescription: `[${config.stage}] ${props.alarmDescription ?? alarmId}`,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    // API: share of requests answered 5xx (API Gateway's own and the functions').
    const requests = restApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = restApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errorRate = new MathExpression({
      label: 'API 5xx rate (%)',
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      period: FIVE_MINUTES,
    });
    alarm('Api5xxRate', {
      alarmDescription: `More than ${config.alarms.api5xxRatePercent}% of API requests answered 5xx`,
      metric: errorRate,
      threshold: config.alarms.api5xxRatePercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });

    // Every function: any invocation error (handled 5xx answers are logged, not errors; these are crashes/timeouts).
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`Errors-${name}`, {
        alarmDescription: `Function ${name} failed (error or timeout)`,
        metric: fn.fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }

    // SMS: failures the functions count as EMF metrics (lambdas/metrics.ts), and the account's SMS spend.
    const emf = (name: MetricName) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: metricDimensions(config.stage),
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    const smsFailed = new MathExpression({
      label: 'SMS and OTP sends failed',
      expression: 'FILL(sms, 0) + FILL(otp, 0)',
      usingMetrics: { sms: emf('SmsFailed'), otp: emf('OtpFailed') },
      period: FIVE_MINUTES,
    });
    alarm('SmsFailures', {
      alarmDescription: 'SMS to customers (status updates or one-time passwords) failed to send',
      metric: smsFailed,
      threshold: config.alarms.smsFailures,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    // Lost schedules and alerts: the sweeper repairs deadlines and reminders (late, by up to its
    // interval), but a level team that never hears of an escalation is not repaired by anything.
    alarm('ScheduleFailures', {
      alarmDescription:
        'Deadlines or reminders could not be scheduled (EventBridge Scheduler); the sweeper repairs them, late',
      metric: emf('ScheduleFailed'),
      threshold: config.alarms.scheduleFailures,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
    alarm('AlertFailures', {
      alarmDescription: 'Team alerts (escalation, reminder, SLA breach) could not be published to SNS',
      metric: emf('AlertFailed'),
      threshold: config.alarms.alertFailures,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    // Account-wide SMS: only the stack that owns the account's SMS settings watches them, so two
    // stages in one account never alarm twice on the same (stage-less) metric.
    if (props.smsDelivery) {
      const hour = Duration.hours(1);
      const sampling = config.sms.accountSettings?.deliverySuccessSamplingPercent ?? 100;
      const deliveryFailureRate = new MathExpression({
        label: 'SMS undelivered (%)',
        // Successes are sampled: scale them back up. Below 10 messages an hour a rate says little.
        expression: `IF((failed + delivered * ${100 / sampling}) >= 10, 100 * failed / (failed + delivered * ${100 / sampling}), 0)`,
        usingMetrics: {
          failed: props.smsDelivery.failed.with({ period: hour }),
          delivered: props.smsDelivery.delivered.with({ period: hour }),
        },
        period: hour,
      });
      alarm('SmsDeliveryFailureRate', {
        alarmDescription: `More than ${config.alarms.smsDeliveryFailureRatePercent}% of SMS (account-wide) were not delivered by the carriers in an hour (DLT template or sender ID rejected, unreachable numbers)`,
        metric: deliveryFailureRate,
        threshold: config.alarms.smsDeliveryFailureRatePercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
      alarm('SmsSpend', {
        alarmDescription: `SMS spend of the account this month passed ${config.alarms.smsMonthToDateUsd} USD (the SNS spend limit stops SMS when reached)`,
        metric: new Metric({
          namespace: 'AWS/SNS',
          metricName: 'SMSMonthToDateSpentUSD',
          statistic: 'Maximum',
          period: hour,
        }),
        threshold: config.alarms.smsMonthToDateUsd,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }

    for (const existing of props.existingAlarms) {
      existing.addAlarmAction(action);
      existing.addOkAction(action);
    }

    const dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(24) });
    dashboard.addWidgets(
      new GraphWidget({ title: 'API requests and 5xx', left: [requests, serverErrors], right: [errorRate] }),
      new GraphWidget({
        title: 'Grievances',
        left: [emf('GrievanceCreated'), emf('GrievanceEscalated'), emf('GrievanceSlaBreached')],
      }),
      new GraphWidget({
        title: 'OTP and SMS',
        left: [
          emf('OtpSent'),
          emf('OtpFailed'),
          emf('SmsFailed'),
          emf('SmsSent'),
          emf('SmsThrottled'),
          emf('SmsUndeliverable'),
        ],
      }),
      new GraphWidget({
        title: 'Schedules, alerts and the sweeper',
        left: [emf('ScheduleFailed'), emf('AlertFailed'), emf('SweeperEscalated'), emf('SweeperReminded')],
      }),
    );
  }
}
