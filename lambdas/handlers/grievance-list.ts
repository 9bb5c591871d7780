import { httpRoute } from '../http/route';
import { presentGrievanceSummary } from '../presenters/grievance';
import { listCustomerGrievances } from '../use-cases/read-grievances';
import { customerAuth } from '../wiring/customer-auth';
import { grievanceRepository } from '../wiring/grievances';

/** GET /grievances — the grievances of the token's phone. */
export const handler = httpRoute({
  auth: 'customer',
  authenticate: customerAuth,
  handler: async ({ customer }) => {
    const items = await listCustomerGrievances({ grievances: grievanceRepository() }, customer?.phone ?? '');
    return { body: { items: items.map(presentGrievanceSummary) } };
  },
});
