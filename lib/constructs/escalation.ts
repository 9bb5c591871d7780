import { Duration, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { functionEnvironment, type StageConfig } from '../stage-config';
import { deadLetterAlarm } from './alarms';
import { grantTableAccess } from './data';
import type { Notifications } from './notifications';
import { RedressFunction } from './redress-function';
import type { SmsQueue } from './sms-queue';

export interface EscalationProps {
  config: StageConfig;
  table: ITable;
  notifications: Notifications;
  /** Escalations and closings text the customer through the SMS queue. */
  smsQueue: SmsQueue;
}

/**
 * Deadlines: an EventBridge Scheduler group whose one-time schedules invoke the
 * escalation function, the role Scheduler assumes to do so, a dead-letter queue
 * for deliveries that fail, and a sweeper on a fixed rate that escalates anything
 * overdue whose schedule was lost (the safety net).
 */
export class Escalation extends Construct {
  readonly scheduleGroup: CfnScheduleGroup;
  readonly schedulerRole: Role;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly escalationFunction: RedressFunction;
  readonly sweeperFunction: RedressFunction;

  constructor(scope: Construct, id: string, props: EscalationProps) {
    super(scope, id);
    const { config, table, notifications, smsQueue } = props;
    const stack = Stack.of(this);

    this.scheduleGroup = new CfnScheduleGroup(this, 'ScheduleGroup', {});
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': this.scheduleGroup.attrArn },
        },
      }),
      description: 'Assumed by EventBridge Scheduler to deliver grievance deadlines',
    });
    this.deadLetterQueue.grantSendMessages(this.schedulerRole);
    // A deadline Scheduler could not deliver (the sweeper still escalates it, but someone should look).
    this.deadLetterAlarm = deadLetterAlarm(
      this,
      this.deadLetterQueue,
      `[${config.stage}] Grievance deadlines that EventBridge Scheduler could not deliver`,
    );

    const environment = (extra: Record<string, string>) => ({
      ...functionEnvironment(config),
      TABLE_NAME: table.tableName,
      ...notifications.topicEnvironment(),
      ...this.baseSchedulingEnvironment(),
      ...smsQueue.environment(),
      ...extra,
    });

    this.escalationFunction = new RedressFunction(this, 'EscalationFn', {
      entry: 'events/escalation',
      // Its own ARN comes from the invocation context (an env var would be a circular reference).
      environment: environment({}),
      logRetention: config.logRetention,
      // An early delivery waits up to ESCALATION_MAX_WAIT_SECONDS (60) for its deadline.
      timeout: Duration.seconds(90),
    });
    this.escalationFunction.fn.grantInvoke(this.schedulerRole);

    this.sweeperFunction = new RedressFunction(this, 'SweeperFn', {
      entry: 'events/sweeper',
      environment: environment({ ESCALATION_FUNCTION_ARN: this.escalationFunction.fn.functionArn }),
      logRetention: config.logRetention,
      timeout: Duration.minutes(2),
    });
    new Rule(this, 'SweepRule', {
      description: 'Escalates overdue grievances whose schedule was lost',
      schedule: Schedule.rate(config.sweepInterval),
      targets: [new LambdaFunction(this.sweeperFunction.fn, { retryAttempts: 2 })],
    });

    for (const fn of [this.escalationFunction, this.sweeperFunction]) {
      grantTableAccess(table, fn.fn, 'readwrite');
      notifications.grantAlerts(fn.fn);
      smsQueue.grantEnqueue(fn.fn);
      this.grantScheduling(fn.fn, false);
    }
  }

  private baseSchedulingEnvironment(): Record<string, string> {
    return {
      SCHEDULE_GROUP_NAME: this.scheduleGroup.ref,
      SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      SCHEDULER_DLQ_ARN: this.deadLetterQueue.queueArn,
    };
  }

  /** Environment for a function outside this construct that arms deadlines. */
  schedulingEnvironment(): Record<string, string> {
    return {
      ...this.baseSchedulingEnvironment(),
      ESCALATION_FUNCTION_ARN: this.escalationFunction.fn.functionArn,
    };
  }

  /**
   * Lets `fn` create and delete schedules in the group only, pass the scheduler
   * role only to Scheduler, and (outside the escalation function) hand a deadline
   * less than a minute away straight to the escalation function.
   */
  grantScheduling(fn: IFunction, invokeEscalation = true): void {
    const stack = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [
          stack.formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${this.scheduleGroup.ref}/*`,
          }),
        ],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    if (invokeEscalation) this.escalationFunction.fn.grantInvoke(fn);
  }
}
