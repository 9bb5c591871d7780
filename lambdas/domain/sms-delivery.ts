/**
 * The rules of the customer-SMS queue (issue 16), pure: which id a queued SMS carries, how fast the
 * queue is drained (a token bucket), and how long a throttled SMS waits before its next try.
 * The SQS drainer in AWS and the local host's queue both run these.
 */
import type { SmsKind } from './sms-catalogue';

/** What a queued SMS is about: failures are recorded on that record. */
export type SmsSubject = { grievanceId: string } | { serviceOrderId: string };

/**
 * The stable id of a queued SMS, from what caused it: the record, the length of its timeline after
 * the write that caused the SMS (writes are conditional, so one length is one write), and the
 * SMS kind (one write may cause two: an overdue escalation and then a resolution). The same cause
 * always gives the same id, so a duplicated enqueue or delivery is sent once.
 */
export function queuedSmsId(about: SmsSubject, revision: number, kind: SmsKind): string {
  const id = 'grievanceId' in about ? about.grievanceId : about.serviceOrderId;
  return `${id}/${revision}/${kind}`;
}

/** A token bucket's state: `tokens` available at `at` (ms). */
export interface Bucket {
  tokens: number;
  at: number;
}

export interface Pace {
  /** Sends a second, sustained. */
  perSecond: number;
  /** Sends at once after a quiet spell (≥ 1). */
  burst: number;
}

/** A full bucket at `now`. */
export const fullBucket = (pace: Pace, now: number): Bucket => ({ tokens: pace.burst, at: now });

/**
 * Takes one send from the bucket at `now`: `ok` with the bucket after it, or not yet, with how
 * many ms until one is available. Over any span of t seconds at most `burst + perSecond × t` pass.
 */
export function takeSend(
  bucket: Bucket,
  pace: Pace,
  now: number,
): { ok: true; bucket: Bucket } | { ok: false; waitMs: number; bucket: Bucket } {
  const elapsed = Math.max(0, now - bucket.at);
  const tokens = Math.min(pace.burst, bucket.tokens + (elapsed * pace.perSecond) / 1000);
  if (tokens >= 1) return { ok: true, bucket: { tokens: tokens - 1, at: now } };
  return {
    ok: false,
    waitMs: Math.ceil(((1 - tokens) * 1000) / pace.perSecond),
    bucket: { tokens, at: now },
  };
}

/** SQS's largest message delay, and so the longest wait between two tries. */
export const MAX_RETRY_DELAY_SECONDS = 900;

/**
 * How long a throttled SMS waits before its `throttles`-th next try (1, 2, 3, …): exponential from
 * 2 s, at most 5 minutes, with jitter (half to all of it) so a surge does not come back at once.
 */
export function throttleBackoffSeconds(throttles: number, random: () => number = Math.random): number {
  const ceiling = Math.min(300, 2 ** Math.max(1, throttles));
  return Math.max(1, Math.round(ceiling * (0.5 + 0.5 * random())));
}
