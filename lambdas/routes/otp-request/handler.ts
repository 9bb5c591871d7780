import { requestOtpDeps } from '../../composition/messaging';
import { httpRoute } from '../../http/route';
import { requestOtp } from '../../use-cases/request-otp';
import { spec } from './spec';

/** POST /otp — send a one-time password to the number on record for an identifier. */
export const handler = httpRoute(spec, async ({ body, sourceIp }) => {
  const result = await requestOtp(requestOtpDeps(), { ...body, clientIp: sourceIp });
  return { status: 202, body: result };
});
