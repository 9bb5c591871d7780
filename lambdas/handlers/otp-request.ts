import { httpRoute } from '../http/route';
import { otpRequestBody } from '../schemas/otp';
import { requestOtp } from '../use-cases/request-otp';
import { requestOtpDeps } from '../wiring/request-otp';

let deps: ReturnType<typeof requestOtpDeps> | undefined;

/** POST /otp — send a one-time password to the number on record for an identifier. */
export const handler = httpRoute({
  auth: 'none',
  body: otpRequestBody,
  handler: async ({ body, sourceIp }) => {
    deps ??= requestOtpDeps();
    const result = await requestOtp(deps, { ...body, clientIp: sourceIp });
    return { status: 202, body: result };
  },
});
