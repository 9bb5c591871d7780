import type { SmsSubject } from '../domain/sms-delivery';
import type { SmsText } from './sms';

export type { SmsSubject };

/** A customer SMS waiting to be sent (every SMS but OTPs, which are sent at once). */
export interface QueuedSms extends SmsText {
  /** Stable, from what caused it (`queuedSmsId`): the same SMS is never sent twice. */
  id: string;
  to: string;
  /** The record a failure is written on. */
  about: SmsSubject;
  /** Times the gateway throttled it so far (its backoff grows with them). */
  throttles?: number;
}

/**
 * The durable queue of customer SMS, drained at SMS_MAX_PER_SECOND. Handing an SMS to it is
 * handing it to the SMS port (API.md: before the request answers); it is sent later, in order,
 * once, or its failure is recorded on `about`.
 */
export interface SmsQueue {
  enqueue(message: QueuedSms): Promise<void>;
}
