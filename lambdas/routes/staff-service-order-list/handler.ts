import { readServiceOrderDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentServiceOrderSummary } from '../../presenters/service-order';
import { listStaffServiceOrders } from '../../use-cases/list-service-orders';
import { spec } from './spec';

/** GET /staff/service-orders — filtered or searched, most recently updated first, cursor-paginated. */
export const handler = httpRoute(spec, async ({ query }) => {
  const page = await listStaffServiceOrders(readServiceOrderDeps(), query);
  return { body: { items: page.items.map(presentServiceOrderSummary), nextCursor: page.nextCursor } };
});
