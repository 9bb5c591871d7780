/** Sends one SMS to an E.164 number. Resolves once the message was handed over. */
export interface SmsSender {
  send(message: { to: string; body: string; kind: SmsKind }): Promise<void>;
}

/** What the SMS is about; AWS uses it to pick the DLT template and SMS type. */
export type SmsKind = 'OTP' | 'GRIEVANCE' | 'SERVICE_ORDER';
