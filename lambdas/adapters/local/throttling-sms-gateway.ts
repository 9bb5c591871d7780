import { type SmsSender, type SmsText, SmsThrottledError } from '../../ports/sms';

export interface ThrottlingSmsGatewayOptions {
  /** The most sends accepted in any one second (a sliding window, as strict as a carrier's MPS). */
  perSecond: number;
  /** Milliseconds; performance.now by default. */
  now?: () => number;
}

/**
 * A stand-in for an SMS gateway's send-rate quota (SNS's SMS MPS) on the local host and in the
 * bench: it hands at most `perSecond` messages in any 1-second window to the transport it wraps
 * and refuses the rest with SmsThrottledError, as SNS answers ThrottledException. A refused
 * message is not sent; the caller decides whether to try again. It counts what it accepted and
 * refused, so a bench can compare them with what the system meant to send.
 */
export class ThrottlingSmsGateway implements SmsSender {
  /** When each send of the last second was accepted, oldest first. */
  private readonly window: number[] = [];
  private readonly now: () => number;
  accepted = 0;
  throttled = 0;

  constructor(
    private readonly deliver: SmsSender,
    private readonly options: ThrottlingSmsGatewayOptions,
  ) {
    if (!(options.perSecond > 0)) throw new Error('perSecond must be above 0');
    this.now = options.now ?? (() => performance.now());
  }

  async send(message: SmsText & { to: string }): Promise<void> {
    const now = this.now();
    while (this.window.length > 0 && (this.window[0] as number) <= now - 1000) this.window.shift();
    if (this.window.length >= this.options.perSecond) {
      this.throttled++;
      throw new SmsThrottledError(`SMS rate exceeded: at most ${this.options.perSecond} per second`);
    }
    // The slot is taken before the hand-off, so concurrent sends cannot overrun the rate.
    this.window.push(now);
    this.accepted++;
    await this.deliver.send(message);
  }
}

/** The local host's `smsGateway` option for a gateway held to `perSecond`. */
export const throttlingSmsGateway =
  (perSecond: number, now?: () => number) =>
  (deliver: SmsSender): ThrottlingSmsGateway =>
    new ThrottlingSmsGateway(deliver, { perSecond, ...(now ? { now } : {}) });
