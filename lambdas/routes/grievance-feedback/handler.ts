import { customerAuth } from '../../composition/data';
import { feedbackDeps } from '../../composition/scheduling';
import { httpRoute } from '../../http/route';
import { presentGrievanceForCustomer } from '../../presenters/grievance';
import { submitFeedback } from '../../use-cases/submit-feedback';
import { spec } from './spec';

/** POST /grievances/{id}/feedback — satisfied closes, not satisfied escalates (409 unless RESOLVED). */
export const handler = httpRoute(
  spec,
  async ({ customer, params, body }) => {
    const g = await submitFeedback(feedbackDeps(), customer.phone, params.id, body);
    return { body: presentGrievanceForCustomer(g) };
  },
  customerAuth,
);
