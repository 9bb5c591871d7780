import type { SmsKind, SmsText } from '../domain/sms-catalogue';

export type { SmsKind, SmsText };

/** Sends one SMS to an E.164 number. Resolves once the message was handed over. */
export interface SmsSender {
  /** `kind` names the catalogue template `body` was rendered from; AWS attaches that template's DLT id. */
  send(message: SmsText & { to: string }): Promise<void>;
}

/**
 * The SMS gateway refused the message for now because the account's send rate is exhausted
 * (SNS `ThrottledException`): the same message may succeed after a pause.
 */
export class SmsThrottledError extends Error {
  override readonly name = 'SmsThrottledError';
}

/** Why a message can never be delivered, however often it is retried. */
export type SmsUndeliverableReason = 'OPTED_OUT' | 'INVALID_NUMBER';

/**
 * The SMS gateway refused the message for good: the number opted out of SMS from this account
 * (SNS `OptedOutException`) or is not a number it can send to (SNS `InvalidParameter…`).
 */
export class SmsUndeliverableError extends Error {
  override readonly name = 'SmsUndeliverableError';
  constructor(
    readonly reason: SmsUndeliverableReason,
    message: string,
  ) {
    super(message);
  }
}
