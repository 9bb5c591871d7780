import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseConfig } from '../../lambdas/config';
import { functionEnvironment, type StageConfig } from '../stage-config';
import { deadLetterAlarm } from './alarms';
import { Notifications } from './notifications';
import { RedressFunction } from './redress-function';

export interface SmsQueueProps {
  config: StageConfig;
  table: ITable;
}

/**
 * How the drainer keeps to SMS_MAX_PER_SECOND (R): the event source runs at most
 * DRAIN_CONCURRENCY (C) invocations at once (2, the least SQS allows), and each container sends one
 * SMS at a time at R / C a second, its pace kept across invocations (lambdas/events/sms-drainer.ts).
 * So at most R a second in all, plus one send per running container when it starts (≤ C): SNS's
 * own throttling of that edge is retried with a backoff, never lost. A batch of BATCH_SIZE takes
 * BATCH_SIZE × C / R seconds of pacing at most; the timeout adds room for the sends and writes.
 */
export const DRAIN_CONCURRENCY = 2;
const BATCH_SIZE = 10;
/** Receives of a message whose delivery keeps failing (not throttling: that comes back as a new message). */
export const MAX_RECEIVES = 5;

/** SMS_MAX_PER_SECOND of a stage: its runtime value, or config.ts's one default. */
export function smsMaxPerSecond(config: StageConfig): number {
  return parseConfig({ TABLE_NAME: '-', ...functionEnvironment(config) }).SMS_MAX_PER_SECOND;
}

/**
 * The customer-SMS queue (issue 16): every SMS but OTPs is put on an SQS standard queue by the
 * function that causes it and sent by the drainer at SMS_MAX_PER_SECOND, so a surge waits instead
 * of being throttled away. Messages that keep failing go to the dead-letter queue. Alarms: the
 * oldest message's age (the queue falls behind) and any dead letter.
 */
export class SmsQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly drainer: RedressFunction;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: SmsQueueProps) {
    super(scope, id);
    const { config, table } = props;
    const perSecond = smsMaxPerSecond(config);
    const pacingSeconds = Math.ceil((BATCH_SIZE * DRAIN_CONCURRENCY) / perSecond);
    const timeout = Duration.seconds(30 + pacingSeconds);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // An SMS days late is worse than none, but the alarm on age fires long before this.
      retentionPeriod: Duration.days(4),
      // AWS's advice for a Lambda event source: six times the function's timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });

    this.drainer = new RedressFunction(this, 'DrainerFn', {
      entry: 'events/sms-drainer',
      environment: {
        ...functionEnvironment(config),
        TABLE_NAME: table.tableName,
        SMS_QUEUE_URL: this.queue.queueUrl,
        SMS_DRAIN_CONCURRENCY: String(DRAIN_CONCURRENCY),
      },
      logRetention: config.logRetention,
      timeout,
    });
    this.drainer.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: BATCH_SIZE,
        maxConcurrency: DRAIN_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );
    // Consuming (the event source grants it) and putting throttled SMS back with a delay.
    this.grantEnqueue(this.drainer.fn);
    // SMS to phone numbers only (every topic denied).
    Notifications.grantSms(this.drainer.fn, false);
    // The delivery markers, the grievance it records a failure on (with its day counters, which a
    // recorded failure never moves) and the order's failure items: item reads and writes on those
    // keys only, no index, no delete, no scan.
    this.drainer.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'SmsDeliveryItems',
        actions: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:ConditionCheckItem',
        ],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SMS#*', 'GRV#*', 'SO#*', 'STATS#*'] },
        },
      }),
    );

    const stage = `[${config.stage}]`;
    this.alarms = [
      new Alarm(this, 'AgeAlarm', {
        alarmDescription: `${stage} Customer SMS wait in the queue longer than ${config.alarms.smsQueueAgeSeconds} s (throttled, or the drainer is failing)`,
        metric: this.queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: config.alarms.smsQueueAgeSeconds,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      deadLetterAlarm(
        this,
        this.deadLetterQueue,
        `${stage} Customer SMS that could not be sent after ${MAX_RECEIVES} tries (in the SMS dead-letter queue)`,
      ),
    ];
  }

  /** Lets a function queue customer SMS: SendMessage on this queue, nothing else. */
  grantEnqueue(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'QueueCustomerSms',
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
      }),
    );
  }

  /** The environment a function that queues SMS needs. */
  environment(): Record<string, string> {
    return { SMS_QUEUE_URL: this.queue.queueUrl };
  }
}
