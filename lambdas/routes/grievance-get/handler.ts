import { customerAuth, readGrievanceDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentGrievanceForCustomer } from '../../presenters/grievance';
import { getCustomerGrievance } from '../../use-cases/read-grievances';
import { spec } from './spec';

/** GET /grievances/{id} — customer view (no staff notes); 404 unless it is the token's phone's. */
export const handler = httpRoute(
  spec,
  async ({ customer, params }) => {
    const g = await getCustomerGrievance(readGrievanceDeps(), customer.phone, params.id);
    return { body: presentGrievanceForCustomer(g) };
  },
  customerAuth,
);
