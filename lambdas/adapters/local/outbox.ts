import type { Alert, AlertPublisher } from '../../ports/alerts';
import type { SmsSender } from '../../ports/sms';

export interface OutboxSms {
  to: string;
  body: string;
  sentAt: string;
}

export interface OutboxAlert {
  topic: string;
  subject: string;
  body: string;
  sentAt: string;
}

/** The local host's SMS and alert outbox: keeps every message and tells a listener (the console). */
export class Outbox implements SmsSender, AlertPublisher {
  readonly sms: OutboxSms[] = [];
  readonly alerts: OutboxAlert[] = [];

  constructor(
    private readonly listener: {
      onSms?: (m: OutboxSms) => void;
      onAlert?: (a: OutboxAlert) => void;
    } = {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: { to: string; body: string }): Promise<void> {
    const entry = { to: message.to, body: message.body, sentAt: this.now().toISOString() };
    this.sms.push(entry);
    this.listener.onSms?.(entry);
  }

  async publish(alert: Alert): Promise<void> {
    const entry = {
      topic: alert.topic,
      subject: alert.subject,
      body: alert.body,
      sentAt: this.now().toISOString(),
    };
    this.alerts.push(entry);
    this.listener.onAlert?.(entry);
  }
}
