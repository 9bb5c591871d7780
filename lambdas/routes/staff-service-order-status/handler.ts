import { changeServiceOrderStatusDeps } from '../../composition/messaging';
import { httpRoute } from '../../http/route';
import { presentServiceOrder } from '../../presenters/service-order';
import { changeServiceOrderStatus } from '../../use-cases/change-service-order-status';
import { spec } from './spec';

/** POST /staff/service-orders/{id}/status — move an order along; the customer gets an SMS. */
export const handler = httpRoute(spec, async ({ params, body, staff }) => {
  const order = await changeServiceOrderStatus(
    changeServiceOrderStatusDeps(),
    { ...body, id: params.id },
    staff,
  );
  return { body: presentServiceOrder(order, 'staff') };
});
