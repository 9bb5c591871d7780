import { logger } from '../logger';
import { metric } from '../metrics';
import type { SmsSender, SmsText } from '../ports/sms';

/**
 * Hands a service-order SMS to the SMS port and waits for it. A failure is
 * logged and counted ('SmsFailed') but never undoes the change it reports:
 * the order is already stored, and the customer sees it on the next lookup.
 */
export async function notifyCustomer(
  sms: SmsSender,
  message: SmsText & { to: string; serviceOrderId: string },
): Promise<boolean> {
  try {
    await sms.send({ to: message.to, body: message.body, kind: message.kind });
    return true;
  } catch (error) {
    metric('SmsFailed');
    logger.error('service order SMS failed', { serviceOrderId: message.serviceOrderId, error });
    return false;
  }
}
