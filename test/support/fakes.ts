import type { Alert, AlertPublisher } from '../../lambdas/ports/alerts';
import type { DeadlineEvent, DeadlineScheduler } from '../../lambdas/ports/scheduler';
import type { SmsSender } from '../../lambdas/ports/sms';
import type { QueuedSms, SmsQueue } from '../../lambdas/ports/sms-queue';

/**
 * Typed fakes of the ports in lambdas/ports/, for tests and the bench. Each
 * records what it was asked, in order; a recording fake given another port
 * passes every call on to it (the bench counts the local host's calls that way).
 */

export type SmsMessage = Parameters<SmsSender['send']>[0];

/** Records every SMS handed to it, sent at once (`send`, OTPs) or queued (`enqueue`: `queued` keeps ids and subjects). */
export class RecordingSms implements SmsSender, SmsQueue {
  readonly sent: SmsMessage[] = [];
  readonly queued: QueuedSms[] = [];
  constructor(private readonly next?: SmsSender) {}
  async send(message: SmsMessage): Promise<void> {
    this.sent.push(message);
    await this.next?.send(message);
  }
  async enqueue(message: QueuedSms): Promise<void> {
    this.queued.push(message);
    await this.send({ to: message.to, body: message.body, kind: message.kind });
  }
}

/** An SMS provider that refuses every message, with `error` (by default a plain provider error). */
export class FailingSms implements SmsSender, SmsQueue {
  readonly attempted: SmsMessage[] = [];
  constructor(
    private readonly error: (message: SmsMessage) => Error = () => new Error('SMS provider down'),
  ) {}
  async send(message: SmsMessage): Promise<void> {
    this.attempted.push(message);
    throw this.error(message);
  }
  async enqueue(message: QueuedSms): Promise<void> {
    await this.send({ to: message.to, body: message.body, kind: message.kind });
  }
}

export class RecordingAlerts implements AlertPublisher {
  readonly published: Alert[] = [];
  constructor(private readonly next?: AlertPublisher) {}
  async publish(alert: Alert): Promise<void> {
    this.published.push(alert);
    await this.next?.publish(alert);
  }
}

/** An alert topic that refuses every publish. */
export class FailingAlerts implements AlertPublisher {
  readonly attempted: Alert[] = [];
  constructor(private readonly error: (alert: Alert) => Error = () => new Error('alert topic down')) {}
  async publish(alert: Alert): Promise<void> {
    this.attempted.push(alert);
    throw this.error(alert);
  }
}

export class RecordingScheduler implements DeadlineScheduler {
  readonly armed: { event: DeadlineEvent; at: Date }[] = [];
  readonly cancelled: DeadlineEvent[] = [];
  constructor(private readonly next?: DeadlineScheduler) {}
  async schedule(event: DeadlineEvent, at: Date): Promise<void> {
    this.armed.push({ event, at });
    await this.next?.schedule(event, at);
  }
  async cancel(event: DeadlineEvent): Promise<void> {
    this.cancelled.push(event);
    await this.next?.cancel(event);
  }
}
