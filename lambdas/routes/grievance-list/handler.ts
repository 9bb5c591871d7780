import { customerAuth, readGrievanceDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentGrievanceSummary } from '../../presenters/grievance';
import { listCustomerGrievances } from '../../use-cases/read-grievances';
import { spec } from './spec';

/** GET /grievances — the grievances of the token's phone. */
export const handler = httpRoute(
  spec,
  async ({ customer }) => {
    const items = await listCustomerGrievances(readGrievanceDeps(), customer.phone);
    return { body: { items: items.map(presentGrievanceSummary) } };
  },
  customerAuth,
);
