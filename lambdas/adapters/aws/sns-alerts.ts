import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert, AlertPublisher, AlertTopic } from '../../ports/alerts';

/** Alerts to one SNS topic per level plus operations; the level travels as a message attribute. */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArns: Record<AlertTopic, string>,
  ) {}

  async publish(alert: Alert): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArns[alert.topic],
        // SNS e-mail subjects: ASCII, no newlines, at most 100 characters.
        Subject: alert.subject.replace(/[^\x20-\x7e]/g, ' ').slice(0, 100),
        Message: alert.body,
        MessageAttributes: {
          ...(alert.level === undefined
            ? {}
            : { level: { DataType: 'Number', StringValue: String(alert.level) } }),
          ...(alert.grievanceId
            ? { grievanceId: { DataType: 'String', StringValue: alert.grievanceId } }
            : {}),
        },
      }),
    );
  }
}
