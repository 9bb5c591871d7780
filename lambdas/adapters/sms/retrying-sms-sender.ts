import { type SmsSender, type SmsText, SmsThrottledError } from '../../ports/sms';

/** How a throttled SMS is tried again: full-jitter exponential backoff inside a time budget. */
export interface SmsRetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The n-th retry waits a uniform random time in [0, min(maxDelayMs, baseDelayMs × 2^(n−1))). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * No retry starts later than this after the first attempt started: a retry whose wait would
   * end past it is not made, and the throttling is reported. The last attempt's own round trip
   * comes on top (bound it in the transport, e.g. the SDK's request timeout).
   */
  budgetMs: number;
}

export interface RetryRuntime {
  /** Waits between attempts; a timer by default. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) for the jitter; Math.random by default. */
  random?: () => number;
  /** Milliseconds, for the budget; performance.now by default. */
  now?: () => number;
  /** Told of each retry about to be made (a metric, a log line). */
  onRetry?: (retry: { attempt: number; waitMs: number }) => void;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An SmsSender that tries again when the gateway throttles (SmsThrottledError), and only then:
 * an undeliverable number or any other failure is reported at once, as retrying cannot help and
 * an ambiguous failure (a timeout) might have been sent. Full jitter spreads the retries of many
 * callers throttled in the same second over the next ones instead of bunching them again.
 */
export class RetryingSmsSender implements SmsSender {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly deliver: SmsSender,
    private readonly policy: SmsRetryPolicy,
    private readonly runtime: RetryRuntime = {},
  ) {
    this.sleep = runtime.sleep ?? delay;
    this.random = runtime.random ?? Math.random;
    this.now = runtime.now ?? (() => performance.now());
  }

  async send(message: SmsText & { to: string }): Promise<void> {
    const { maxAttempts, baseDelayMs, maxDelayMs, budgetMs } = this.policy;
    const started = this.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deliver.send(message);
      } catch (error) {
        if (!(error instanceof SmsThrottledError) || attempt >= maxAttempts) throw error;
        const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const waitMs = Math.floor(this.random() * cap);
        if (this.now() - started + waitMs > budgetMs) throw error;
        this.runtime.onRetry?.({ attempt, waitMs });
        await this.sleep(waitMs);
      }
    }
  }
}
