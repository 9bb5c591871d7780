import { verifyOtpDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentGrievanceSummary } from '../../presenters/grievance';
import { presentServiceOrder } from '../../presenters/service-order';
import { verifyOtp } from '../../use-cases/verify-otp';
import { spec } from './spec';

/** POST /otp/verify — trade a right code for a customer access token. */
export const handler = httpRoute(spec, async ({ body }) => {
  const result = await verifyOtp(verifyOtpDeps(), body);
  return {
    body: {
      ...result,
      serviceOrders: result.serviceOrders.map((o) => presentServiceOrder(o, 'customer')),
      grievances: result.grievances.map(presentGrievanceSummary),
    },
  };
});
