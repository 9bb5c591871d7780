import { httpRoute } from '../http/route';
import { presentGrievanceForCustomer } from '../presenters/grievance';
import { grievancePath } from '../schemas/grievance';
import { getCustomerGrievance } from '../use-cases/read-grievances';
import { customerAuth } from '../wiring/customer-auth';
import { grievanceRepository } from '../wiring/grievances';

/** GET /grievances/{id} — customer view (no staff notes); 404 unless it is the token's phone's. */
export const handler = httpRoute({
  auth: 'customer',
  authenticate: customerAuth,
  path: grievancePath,
  handler: async ({ customer, path }) => {
    const g = await getCustomerGrievance(
      { grievances: grievanceRepository() },
      customer?.phone ?? '',
      path.id,
    );
    return { body: presentGrievanceForCustomer(g) };
  },
});
