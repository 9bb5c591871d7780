import { UnauthorizedError } from '../errors';
import { httpRoute } from '../http/route';
import { presentServiceOrder } from '../presenters/service-order';
import { serviceOrderPath } from '../schemas/service-order';
import { getServiceOrder } from '../use-cases/get-service-order';
import { customerAuth } from '../wiring/customer-auth';
import { serviceOrderReader } from '../wiring/service-orders';

/** GET /service-orders/{id} — a customer's own order (404 for anyone else's). */
export const handler = httpRoute({
  auth: 'customer',
  authenticate: customerAuth,
  path: serviceOrderPath,
  handler: async ({ path, customer }) => {
    if (!customer) throw new UnauthorizedError(); // the route's guard already ensures one
    const order = await getServiceOrder({ orders: serviceOrderReader() }, path.id, { phone: customer.phone });
    return { body: presentServiceOrder(order, 'customer') };
  },
});
