import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { MAX_RETRY_DELAY_SECONDS } from '../../domain/sms-delivery';
import type { QueuedSms, SmsQueue } from '../../ports/sms-queue';

/**
 * Customer SMS into an SQS standard queue, one message each (its body the QueuedSms as JSON).
 * A standard queue delivers at least once and roughly in order; the drainer's delivery log makes
 * it exactly once, and a throttled SMS comes back through `enqueue` with a delay.
 */
export class SqsSmsQueue implements SmsQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: QueuedSms, options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = Math.min(MAX_RETRY_DELAY_SECONDS, Math.max(0, Math.round(options.delaySeconds ?? 0)));
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        ...(delay > 0 ? { DelaySeconds: delay } : {}),
      }),
    );
  }
}

/** A queue message's body as a QueuedSms, checked by hand (the drainer's bundle carries no schema library). */
export function readQueuedSms(body: string): QueuedSms | undefined {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const about = (m?.about ?? {}) as Record<string, unknown>;
  const ok =
    typeof m.id === 'string' &&
    typeof m.to === 'string' &&
    typeof m.body === 'string' &&
    typeof m.kind === 'string' &&
    (typeof about.grievanceId === 'string' || typeof about.serviceOrderId === 'string') &&
    (m.throttles === undefined || typeof m.throttles === 'number');
  return ok ? (m as unknown as QueuedSms) : undefined;
}
