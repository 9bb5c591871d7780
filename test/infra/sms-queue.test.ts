import { ROUTES } from '../../lambdas/routes';
import { DRAIN_CONCURRENCY, MAX_RECEIVES } from '../../lib/constructs/sms-queue';
import { actionsOf, functionId, statementsOf, synthStack } from '../support/template';

const text = (v: unknown) => JSON.stringify(v) ?? '';

describe.each(['dev', 'prod'] as const)('the customer-SMS queue (%s)', (stage) => {
  const { resources } = synthStack(stage);
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const [queueId, queue] =
    of('AWS::SQS::Queue').find(
      ([id]) => id.startsWith('SmsQueue') && !id.startsWith('SmsQueueDeadLetters'),
    ) ?? [];
  const [dlqId, dlq] = of('AWS::SQS::Queue').find(([id]) => id.startsWith('SmsQueueDeadLetters')) ?? [];
  const drainer = functionId(resources, 'SmsQueueDrainerFn');
  const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };
  const fnOfRoute = (name: string) => functionId(resources, `fn${name.replace(/-/g, '')}Function`);
  const producers = [
    ...ROUTES.filter((r) => r.uses?.includes('sms-queue')).map((r) => fnOfRoute(r.name)),
    functionId(resources, 'EscalationFn'),
    functionId(resources, 'SweeperFn'),
  ];

  it('is an encrypted standard queue whose failing messages go to an encrypted dead-letter queue after a few tries', () => {
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 4 * 86400,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: MAX_RECEIVES },
    });
    expect(queue?.Properties?.FifoQueue).toBeUndefined();
    expect(dlq?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    for (const id of [queueId, dlqId]) {
      const policy = of('AWS::SQS::QueuePolicy').find(
        ([, p]) => text(p.Properties?.Queues) === text([{ Ref: id }]),
      );
      expect(text(policy?.[1].Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('is drained by one function in batches, at most DRAIN_CONCURRENCY at once, reporting failures item by item', () => {
    const mappings = of('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties ?? {});
    expect(mappings).toEqual([
      expect.objectContaining({
        EventSourceArn: queueArn,
        FunctionName: { Ref: drainer },
        BatchSize: 10,
        ScalingConfig: { MaximumConcurrency: DRAIN_CONCURRENCY },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    ]);
    const fn = resources[drainer]?.Properties ?? {};
    const env = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    // The function paces itself to SMS_MAX_PER_SECOND / SMS_DRAIN_CONCURRENCY.
    expect(env).toMatchObject({
      SMS_DRAIN_CONCURRENCY: String(DRAIN_CONCURRENCY),
      SMS_QUEUE_URL: { Ref: queueId },
    });
    // Visibility timeout: six times the function's timeout (AWS's advice for SQS event sources).
    expect(queue?.Properties?.VisibilityTimeout).toBe(6 * Number(fn.Timeout));
  });

  it('lets the drainer send SMS to phone numbers only, consume and refill its queue, and touch only its own items', () => {
    const statements = statementsOf(resources, drainer);
    const allowed = actionsOf(statements);
    expect(allowed).toEqual(
      expect.arrayContaining(['sns:Publish', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']),
    );
    // Every topic denied: SMS only.
    expect(actionsOf(statements, 'Deny')).toEqual(['sns:Publish']);
    const dynamo = statements.filter((s) => text(s.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:ConditionCheckItem',
        ],
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SMS#*', 'GRV#*', 'SO#*', 'STATS#*'] },
        },
      }),
    ]);
    for (const s of statements.filter((x) => text(x.Action).includes('sqs:')))
      expect(s.Resource).toEqual(queueArn);
  });

  it('gives every function that causes a customer SMS only SendMessage on the queue, and no SMS of its own', () => {
    expect(producers.length).toBe(10);
    for (const fn of producers) {
      const statements = statementsOf(resources, fn);
      const sqs = statements.filter((s) => text(s.Action).includes('sqs:'));
      expect([fn, sqs]).toEqual([
        fn,
        [expect.objectContaining({ Action: 'sqs:SendMessage', Resource: queueArn })],
      ]);
      // Publishing to phone numbers needs Resource "*": none of these has it.
      const smsAnywhere = statements.filter(
        (s) => s.Effect === 'Allow' && text(s.Action).includes('sns:Publish') && s.Resource === '*',
      );
      expect([fn, smsAnywhere]).toEqual([fn, []]);
      const env =
        (resources[fn]?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables ?? {};
      expect([fn, env.SMS_QUEUE_URL]).toEqual([fn, { Ref: queueId }]);
    }
    // OTPs stay synchronous: the OTP function publishes SMS itself and never queues.
    const otp = statementsOf(resources, fnOfRoute('otp-request'));
    expect(actionsOf(otp)).toContain('sns:Publish');
    expect(actionsOf(otp).filter((a) => a.startsWith('sqs:'))).toEqual([]);
  });

  it('alarms to operations when SMS wait too long in the queue and when one is dead-lettered', () => {
    const alarms = of('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
    const operations = of('AWS::SNS::Topic').find(([id]) => id.startsWith('Notificationsoperations'))?.[0];
    const age = alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage');
    expect(age).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: stage === 'prod' ? 300 : 900,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: operations }],
      }),
    ]);
    const dead = alarms.filter((a) => text(a.Dimensions).includes(String(dlqId)));
    expect(dead).toEqual([
      expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: operations }],
      }),
    ]);
  });
});
