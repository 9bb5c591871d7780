/** The composition root's SQS side: the queue every customer SMS but OTPs goes through. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsSmsQueue } from '../adapters/aws/sqs-sms-queue';
import { config } from '../config';
import type { SmsQueue } from '../ports/sms-queue';
import { lazy, providedPort } from './lifetime';

/** The SQS adapter itself (the drainer also puts throttled SMS back through it, with a delay). */
export const sqsSmsQueue = /* @__PURE__ */ lazy(() => {
  const url = config().SMS_QUEUE_URL;
  if (!url) throw new Error('Missing required environment variable SMS_QUEUE_URL');
  return new SqsSmsQueue(new SQSClient({}), url);
});

export const smsQueue = /* @__PURE__ */ lazy((): SmsQueue => providedPort('smsQueue') ?? sqsSmsQueue());
