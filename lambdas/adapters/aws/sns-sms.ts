import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsKind, SmsSender } from '../../ports/sms';

export interface SnsSmsOptions {
  senderId: string;
  /** India's DLT principal entity id and content template id, required by Indian carriers. */
  dltEntityId?: string | undefined;
  dltTemplateId?: string | undefined;
}

const text = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });

/** SMS through SNS direct publish to an E.164 number, as transactional messages. */
export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly sns: SNSClient,
    private readonly options: SnsSmsOptions,
  ) {}

  async send(message: { to: string; body: string; kind: SmsKind }): Promise<void> {
    const attributes: Record<string, MessageAttributeValue> = {
      'AWS.SNS.SMS.SMSType': text('Transactional'),
      'AWS.SNS.SMS.SenderID': text(this.options.senderId),
    };
    if (this.options.dltEntityId) attributes['AWS.MM.SMS.EntityId'] = text(this.options.dltEntityId);
    if (this.options.dltTemplateId) attributes['AWS.MM.SMS.TemplateId'] = text(this.options.dltTemplateId);
    await this.sns.send(
      new PublishCommand({ PhoneNumber: message.to, Message: message.body, MessageAttributes: attributes }),
    );
  }
}
