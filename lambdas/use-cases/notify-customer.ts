import { queuedSmsId } from '../domain/sms-delivery';
import { logger } from '../logger';
import { metric } from '../metrics';
import type { SmsText } from '../ports/sms';
import type { SmsQueue } from '../ports/sms-queue';

/**
 * Queues a service-order SMS and waits for the hand-over. Its id is the order, the length of its
 * timeline after the change (one per stored change) and the kind, so a duplicate is sent once. A
 * failed hand-over is logged and counted ('SmsFailed') but never undoes the change it reports:
 * the order is already stored, and the customer sees it on the next lookup.
 */
export async function notifyCustomer(
  sms: SmsQueue,
  message: SmsText & { to: string; serviceOrderId: string; revision: number },
): Promise<boolean> {
  const about = { serviceOrderId: message.serviceOrderId };
  try {
    await sms.enqueue({
      id: queuedSmsId(about, message.revision, message.kind),
      to: message.to,
      body: message.body,
      kind: message.kind,
      about,
    });
    return true;
  } catch (error) {
    metric('SmsFailed');
    logger.error('service order SMS failed', { serviceOrderId: message.serviceOrderId, error });
    return false;
  }
}
