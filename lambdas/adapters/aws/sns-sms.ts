import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsKind, SmsSender, SmsText } from '../../ports/sms';

export interface SnsSmsOptions {
  senderId: string;
  /** India's DLT principal entity id, required by Indian carriers. */
  dltEntityId?: string | undefined;
  /** The DLT content template id of each catalogue kind (lambdas/domain/sms-catalogue.ts), for this stage. */
  dltTemplateIds?: Partial<Record<SmsKind, string>> | undefined;
}

const text = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });

/** SMS through SNS direct publish to an E.164 number, as transactional messages. */
export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly sns: SNSClient,
    private readonly options: SnsSmsOptions,
  ) {}

  async send(message: SmsText & { to: string }): Promise<void> {
    const attributes: Record<string, MessageAttributeValue> = {
      'AWS.SNS.SMS.SMSType': text('Transactional'),
      'AWS.SNS.SMS.SenderID': text(this.options.senderId),
    };
    const { dltEntityId, dltTemplateIds } = this.options;
    if (dltEntityId) {
      // Under DLT a message without its own template's id is dropped by the carrier, silently:
      // refuse it here instead, where it is counted (SmsFailed / OtpFailed) and alarmed on.
      const templateId = dltTemplateIds?.[message.kind];
      if (!templateId) throw new Error(`No DLT template id for SMS kind ${message.kind}`);
      attributes['AWS.MM.SMS.EntityId'] = text(dltEntityId);
      attributes['AWS.MM.SMS.TemplateId'] = text(templateId);
    }
    await this.sns.send(
      new PublishCommand({ PhoneNumber: message.to, Message: message.body, MessageAttributes: attributes }),
    );
  }
}
