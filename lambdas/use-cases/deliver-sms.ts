import { type Effects, recordSmsNotDelivered, type SmsNotDelivered } from '../domain/grievance-rules';
import { type Bucket, fullBucket, type Pace, takeSend, throttleBackoffSeconds } from '../domain/sms-delivery';
import { NotFoundError } from '../errors';
import { logger } from '../logger';
import { metric } from '../metrics';
import type { Clock } from '../ports/clock';
import type { GrievanceRepository } from '../ports/grievances';
import { type SmsSender, SmsThrottledError, SmsUndeliverableError } from '../ports/sms';
import type { Delivery, ServiceOrderSmsFailures, SmsDeliveryLog } from '../ports/sms-delivery';
import type { QueuedSms } from '../ports/sms-queue';
import { updateGrievance } from './grievance-effects';

export interface DeliverSmsDeps {
  log: SmsDeliveryLog;
  /** The final transport (SNS in AWS; the local outbox, perhaps wrapped by the host's `smsGateway`). */
  gateway: SmsSender;
  grievances: Pick<GrievanceRepository, 'get' | 'save'>;
  orderFailures: ServiceOrderSmsFailures;
  clock: Clock;
  random?: () => number;
}

export type { Delivery };

/**
 * Primary course (one delivery of a queued SMS, at least once per SMS from the queue):
 *  1. Claim its id in the delivery log: a duplicate of one sent (or recorded undeliverable) stops
 *     here; one another delivery is sending right now goes back to the queue for a while.
 *  2. Send it through the gateway.
 *  3. Sent: complete the claim. From here it never goes back to the queue, whatever happens.
 *  4. Throttled: release the claim, back to the queue after a jittered, growing backoff.
 *  5. Undeliverable (opted out, invalid number): mark it so, count it, and record it on its
 *     grievance (a staff-only timeline event) or service order; never retried, never dead-lettered.
 *  6. Anything else: release the claim and throw: the queue retries it, then dead-letters it.
 */
export async function deliverSms(deps: DeliverSmsDeps, message: QueuedSms): Promise<Delivery> {
  const claim = await deps.log.claim(message.id);
  if (claim.state === 'SENT') return { outcome: 'DUPLICATE' };
  if (claim.state === 'BUSY') return { outcome: 'BUSY', retryAfterSeconds: claim.retryAfterSeconds, message };
  if (claim.state === 'UNDELIVERABLE') {
    // A delivery that failed to record the failure (or to say so): record it now, once.
    if (!claim.recorded) await recordFailure(deps, message, claim.failure);
    return { outcome: 'DUPLICATE' };
  }

  try {
    await deps.gateway.send({ to: message.to, body: message.body, kind: message.kind });
  } catch (error) {
    if (error instanceof SmsUndeliverableError) {
      const failure: SmsNotDelivered = {
        at: deps.clock.now().toISOString(),
        kind: message.kind,
        to: message.to,
        reason: error.reason,
      };
      await deps.log.undeliverable(message.id, claim.token, failure);
      metric('SmsUndeliverable');
      logger.warn('SMS undeliverable; recorded, not retried', {
        smsId: message.id,
        kind: message.kind,
        reason: error.reason,
      });
      await recordFailure(deps, message, failure);
      return { outcome: 'UNDELIVERABLE', reason: error.reason };
    }
    await deps.log.release(message.id, claim.token).catch((releaseError: unknown) => {
      // Its lease runs out by itself: a later delivery takes it over then.
      logger.error('could not release an SMS claim', { smsId: message.id, error: releaseError });
    });
    if (error instanceof SmsThrottledError) {
      metric('SmsThrottled');
      const throttles = (message.throttles ?? 0) + 1;
      return {
        outcome: 'THROTTLED',
        retryAfterSeconds: throttleBackoffSeconds(throttles, deps.random),
        message: { ...message, throttles },
      };
    }
    throw error;
  }
  metric('SmsSent');
  // Sent: whatever happens now, the SMS must not go back to the queue (it would wait out the lease
  // and be sent again). The SDK already retried the write; an unrecorded send is logged.
  await deps.log.sent(message.id, claim.token).catch((error: unknown) => {
    logger.error('SMS sent but not marked so; a redelivery after its lease would send it again', {
      smsId: message.id,
      error,
    });
  });
  return { outcome: 'SENT' };
}

async function recordFailure(deps: DeliverSmsDeps, message: QueuedSms, failure: SmsNotDelivered) {
  const { about } = message;
  if ('grievanceId' in about) {
    try {
      await updateGrievance<Effects<never>>({ grievances: deps.grievances }, about.grievanceId, (g) =>
        recordSmsNotDelivered(g, failure),
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      logger.error('undeliverable SMS about a grievance that does not exist', { smsId: message.id });
    }
  } else {
    await deps.orderFailures.record(about.serviceOrderId, message.id, failure);
  }
  await deps.log.recorded(message.id);
}

/**
 * Paces sends to `pace` (a token bucket, real time): the drainer waits for each send's turn; the
 * local host's queue asks and comes back later. One per container (AWS) or host (local).
 */
export class SendPacer {
  private bucket: Bucket;

  constructor(
    private readonly pace: Pace,
    private readonly now: () => number = Date.now,
  ) {
    this.bucket = fullBucket(pace, now());
  }

  /** Takes a send now if one is free: 0, else how many ms until one is. */
  tryTake(): number {
    const taken = takeSend(this.bucket, this.pace, this.now());
    this.bucket = taken.bucket;
    return taken.ok ? 0 : taken.waitMs;
  }

  /** Waits for a send's turn and takes it. */
  async take(sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {
    for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) await sleep(wait);
  }
}
