import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsAlertPublisher } from '../../lambdas/adapters/aws/sns-alerts';
import { createGrievance, escalateOnDeadline } from '../../lambdas/domain/grievance-rules';
import { SETTINGS } from '../support/grievances';

const TOPICS = {
  'level-1': 'arn:aws:sns:ap-south-1:123456789012:level-1',
  'level-2': 'arn:aws:sns:ap-south-1:123456789012:level-2',
  'level-3': 'arn:aws:sns:ap-south-1:123456789012:level-3',
  operations: 'arn:aws:sns:ap-south-1:123456789012:operations',
};

describe('grievance alerts through SNS', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  it('publishes an escalation to the new level topic with the level and grievance id as attributes', async () => {
    const g = createGrievance(
      {
        customer: { name: 'A', phone: '+919812345670' },
        category: 'WARRANTY',
        description: 'Warranty claim refused.',
        channel: 'WEB',
      },
      { id: 'GRV-ABCDEFGHJK', now: new Date('2026-03-02T09:00:00.000Z'), actor: 'CUSTOMER' },
      SETTINGS,
    ).grievance;
    const decision = escalateOnDeadline(
      g,
      { grievanceId: g.id, level: 1, dueAt: g.dueAt ?? '' },
      new Date('2026-03-04T09:00:00.000Z'),
      SETTINGS,
    );
    if (decision.kind !== 'CHANGE') throw new Error('expected an escalation');
    const publisher = new SnsAlertPublisher(new SNSClient({}), TOPICS);
    for (const alert of decision.change.effects.alerts) await publisher.publish(alert);

    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        TopicArn: TOPICS['level-2'],
        Subject: 'Grievance GRV-ABCDEFGHJK escalated to level 2',
        Message:
          'Grievance GRV-ABCDEFGHJK (WARRANTY) is now with Head of Customer Service (level 2). ' +
          'Level 1 missed its deadline. Respond by 2026-03-05T09:00:00.000Z.',
        MessageAttributes: {
          level: { DataType: 'Number', StringValue: '2' },
          grievanceId: { DataType: 'String', StringValue: 'GRV-ABCDEFGHJK' },
        },
      },
    ]);
  });
});
