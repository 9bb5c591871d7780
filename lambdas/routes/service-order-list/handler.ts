import { customerAuth, lookUpServiceOrderDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentServiceOrderSummary } from '../../presenters/service-order';
import { listCustomerServiceOrders } from '../../use-cases/list-service-orders';
import { spec } from './spec';

/** GET /service-orders — the token's phone's orders, most recently updated first. */
export const handler = httpRoute(
  spec,
  async ({ customer }) => {
    const orders = await listCustomerServiceOrders(lookUpServiceOrderDeps(), customer.phone);
    return { body: { items: orders.map(presentServiceOrderSummary) } };
  },
  customerAuth,
);
