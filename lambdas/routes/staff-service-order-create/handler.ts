import { createServiceOrderDeps } from '../../composition/messaging';
import { httpRoute } from '../../http/route';
import { presentServiceOrder } from '../../presenters/service-order';
import { createServiceOrder } from '../../use-cases/create-service-order';
import { spec } from './spec';

/** POST /staff/service-orders — a service centre books a device in; the customer gets an SMS. */
export const handler = httpRoute(spec, async ({ body, staff }) => {
  const order = await createServiceOrder(createServiceOrderDeps(), body, staff);
  return {
    status: 201,
    headers: { Location: `/staff/service-orders/${order.id}` },
    body: presentServiceOrder(order, 'staff'),
  };
});
