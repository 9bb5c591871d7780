import { defineRoute } from '../../http/spec';
import { otpVerifyBody } from '../../schemas/otp';

export const spec = defineRoute({
  name: 'otp-verify',
  method: 'POST',
  path: '/otp/verify',
  auth: 'none',
  summary: 'Verify a one-time password and receive an access token',
  tag: 'otp',
  status: 200,
  body: otpVerifyBody,
  response: 'Session',
  table: 'readwrite',
  uses: ['otp-secret'],
});
