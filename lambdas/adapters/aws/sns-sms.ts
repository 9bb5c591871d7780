import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  type SmsKind,
  type SmsSender,
  type SmsText,
  SmsThrottledError,
  SmsUndeliverableError,
} from '../../ports/sms';

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
    try {
      await this.sns.send(
        new PublishCommand({ PhoneNumber: message.to, Message: message.body, MessageAttributes: attributes }),
      );
    } catch (error) {
      throw translated(error);
    }
  }
}

/** SNS's own error names, turned into the port's: throttled (retry later), undeliverable (never), or as thrown. */
export function translated(error: unknown): unknown {
  const name = (error as { name?: unknown } | null)?.name;
  const text = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'ThrottledException':
    case 'Throttling':
    case 'ThrottlingException':
    case 'TooManyRequestsException':
      return new SmsThrottledError(text);
    case 'OptedOutException':
    case 'OptedOut':
      return new SmsUndeliverableError('OPTED_OUT', text);
    case 'InvalidParameterException':
    case 'InvalidParameter':
    case 'InvalidParameterValueException':
    case 'InvalidParameterValue':
      return new SmsUndeliverableError('INVALID_NUMBER', text);
    default:
      return error;
  }
}
