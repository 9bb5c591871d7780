import type { SmsNotDelivered } from '../domain/grievance-rules';
import type { QueuedSms } from './sms-queue';

export type { SmsNotDelivered };

/** What the delivery log knows of one queued SMS id when a delivery of it begins. */
export type SmsClaim =
  /** Nobody sent it yet (or a sender died holding it): this delivery may send it, once. */
  | { state: 'CLAIMED'; token: string }
  /** Sent already: a duplicate delivery. */
  | { state: 'SENT' }
  /** Refused for good; `recorded` once the failure is on its record. */
  | { state: 'UNDELIVERABLE'; failure: SmsNotDelivered; recorded: boolean }
  /** Another delivery of the same SMS is sending it right now: look again after this. */
  | { state: 'BUSY'; retryAfterSeconds: number };

/**
 * Exactly-once bookkeeping of queued SMS (a conditional marker per id): a delivery claims the id
 * before it sends and completes it after, so an at-least-once queue never sends one SMS twice.
 */
export interface SmsDeliveryLog {
  /** Claims `id` for one send; a claim not completed within its lease may be taken over. */
  claim(id: string): Promise<SmsClaim>;
  /** The claimed SMS was sent. */
  sent(id: string, token: string): Promise<void>;
  /** The claimed SMS could not be sent this time (throttled, a transient error): another delivery may claim it. */
  release(id: string, token: string): Promise<void>;
  /** The claimed SMS can never be sent. */
  undeliverable(id: string, token: string, failure: SmsNotDelivered): Promise<void>;
  /** The failure of an undeliverable SMS is on its record. */
  recorded(id: string): Promise<void>;
}

/** Where a service order's undeliverable SMS are kept, for staff. Recording one twice keeps one. */
export interface ServiceOrderSmsFailures {
  record(serviceOrderId: string, messageId: string, failure: SmsNotDelivered): Promise<void>;
}

/** What became of one delivery of a queued SMS. A transient failure is thrown instead (the queue retries it). */
export type Delivery =
  | { outcome: 'SENT' | 'DUPLICATE' }
  /** Refused for good (OPTED_OUT, INVALID_NUMBER) and recorded on its grievance or order. */
  | { outcome: 'UNDELIVERABLE'; reason: string }
  /** Back to the queue, to be tried after the delay: THROTTLED counts towards its backoff, BUSY does not. */
  | { outcome: 'THROTTLED' | 'BUSY'; retryAfterSeconds: number; message: QueuedSms };
