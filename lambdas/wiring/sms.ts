import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsSender } from '../adapters/aws/sns-sms';
import { config } from '../config';
import { resolvePort } from '../container';
import type { SmsSender } from '../ports/sms';

export const smsSender = (): SmsSender =>
  resolvePort('sms', () => {
    const c = config();
    return new SnsSmsSender(new SNSClient({}), {
      senderId: c.SMS_SENDER_ID,
      dltEntityId: c.SMS_DLT_ENTITY_ID,
      dltTemplateId: c.SMS_DLT_TEMPLATE_ID,
    });
  });
