import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { readQueuedSms } from '../adapters/aws/sqs-sms-queue';
import { sqsSmsQueue } from '../composition/queueing';
import { deliverSmsDeps } from '../composition/sms-drainer';
import { config } from '../config';
import { logger } from '../logger';
import { deliverSms, SendPacer } from '../use-cases/deliver-sms';

/**
 * The pace of this container: SMS_MAX_PER_SECOND shared by the SMS_DRAIN_CONCURRENCY invocations
 * the event source runs at most at once, one send at a time (burst 1). It lives as long as the
 * container, so back-to-back batches keep the pace too.
 */
let pacer: SendPacer | undefined;

/**
 * SQS event source of the customer SMS queue (batches, ReportBatchItemFailures). Each SMS in turn,
 * at this container's pace: sent once (the delivery log), or recorded undeliverable. A throttled
 * one goes back to the queue with a jittered backoff, and so does the rest of the batch (the
 * gateway is out of sends for now); one another delivery holds goes back until its lease ends.
 * Those are new messages with a delay, so throttling never counts towards the dead-letter queue;
 * any other failure is reported, and SQS retries it, then dead-letters it (maxReceiveCount).
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const c = config();
  pacer ??= new SendPacer({ perSecond: c.SMS_MAX_PER_SECOND / c.SMS_DRAIN_CONCURRENCY, burst: 1 });
  const deps = deliverSmsDeps();
  const failed: string[] = [];
  let pausedFor: number | undefined;
  for (const record of event.Records) {
    const message = readQueuedSms(record.body);
    if (!message) {
      logger.error('SMS queue message is not a queued SMS; dropped', { messageId: record.messageId });
      continue;
    }
    try {
      if (pausedFor !== undefined) {
        await sqsSmsQueue().enqueue(message, { delaySeconds: pausedFor });
        continue;
      }
      await pacer.take();
      const delivery = await deliverSms(deps, message);
      if (delivery.outcome === 'THROTTLED' || delivery.outcome === 'BUSY') {
        await sqsSmsQueue().enqueue(delivery.message, { delaySeconds: delivery.retryAfterSeconds });
        if (delivery.outcome === 'THROTTLED') pausedFor = delivery.retryAfterSeconds;
      }
    } catch (error) {
      logger.error('SMS delivery failed; the queue retries it', { smsId: message.id, error });
      failed.push(record.messageId);
    }
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
};
