import { customerAuth, readGrievanceDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentGrievanceSummary } from '../../presenters/grievance';
import { listCustomerGrievances } from '../../use-cases/read-grievances';
import { spec } from './spec';

/** GET /grievances — the grievances of the token's phone, newest first, cursor-paginated. */
export const handler = httpRoute(
  spec,
  async ({ customer, query }) => {
    const page = await listCustomerGrievances(readGrievanceDeps(), customer.phone, query);
    return { body: { items: page.items.map(presentGrievanceSummary), nextCursor: page.nextCursor } };
  },
  customerAuth,
);
