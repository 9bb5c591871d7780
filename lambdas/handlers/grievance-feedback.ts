import { httpRoute } from '../http/route';
import { presentGrievanceForCustomer } from '../presenters/grievance';
import { feedbackBody, grievancePath } from '../schemas/grievance';
import { submitFeedback } from '../use-cases/submit-feedback';
import { customerAuth } from '../wiring/customer-auth';
import { feedbackDeps } from '../wiring/feedback';

/** POST /grievances/{id}/feedback — satisfied closes, not satisfied escalates (409 unless RESOLVED). */
export const handler = httpRoute({
  auth: 'customer',
  authenticate: customerAuth,
  path: grievancePath,
  body: feedbackBody,
  handler: async ({ customer, path, body }) => {
    const g = await submitFeedback(feedbackDeps(), customer?.phone ?? '', path.id, body);
    return { body: presentGrievanceForCustomer(g) };
  },
});
