import { customerAuth, lookUpServiceOrderDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentServiceOrder } from '../../presenters/service-order';
import { getServiceOrder } from '../../use-cases/get-service-order';
import { spec } from './spec';

/** GET /service-orders/{id} — a customer's own order (404 for anyone else's). */
export const handler = httpRoute(
  spec,
  async ({ params, customer }) => {
    const order = await getServiceOrder(lookUpServiceOrderDeps(), params.id, { phone: customer.phone });
    return { body: presentServiceOrder(order, 'customer') };
  },
  customerAuth,
);
