import { httpRoute } from '../http/route';
import { presentGrievanceSummary } from '../presenters/grievance';
import { presentServiceOrder } from '../presenters/service-order';
import { otpVerifyBody } from '../schemas/otp';
import { verifyOtp } from '../use-cases/verify-otp';
import { verifyOtpDeps } from '../wiring/verify-otp';

let deps: ReturnType<typeof verifyOtpDeps> | undefined;

/** POST /otp/verify — trade a right code for a customer access token. */
export const handler = httpRoute({
  auth: 'none',
  body: otpVerifyBody,
  handler: async ({ body }) => {
    deps ??= verifyOtpDeps();
    const result = await verifyOtp(deps, body);
    return {
      body: {
        ...result,
        serviceOrders: result.serviceOrders.map((o) => presentServiceOrder(o, 'customer')),
        grievances: result.grievances.map(presentGrievanceSummary),
      },
    };
  },
});
