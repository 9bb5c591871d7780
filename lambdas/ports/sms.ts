import type { SmsKind, SmsText } from '../domain/sms-catalogue';

export type { SmsKind, SmsText };

/** Sends one SMS to an E.164 number. Resolves once the message was handed over. */
export interface SmsSender {
  /** `kind` names the catalogue template `body` was rendered from; AWS attaches that template's DLT id. */
  send(message: SmsText & { to: string }): Promise<void>;
}
