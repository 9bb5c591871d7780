import { defineRoute } from '../../http/spec';
import { otpRequestBody } from '../../schemas/otp';

export const spec = defineRoute({
  name: 'otp-request',
  method: 'POST',
  path: '/otp',
  auth: 'none',
  summary: 'Request a one-time password by SMS',
  tag: 'otp',
  status: 202,
  /** 502: a PHONE request whose code the SMS gateway would not take (throttled past the retries, or a refused number). */
  errors: [502],
  body: otpRequestBody,
  response: 'OtpChallenge',
  table: 'readwrite',
  uses: ['sms', 'otp-secret', 'client-address'],
});
