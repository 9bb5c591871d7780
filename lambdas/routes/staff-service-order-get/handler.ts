import { lookUpServiceOrderDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentServiceOrder } from '../../presenters/service-order';
import { getServiceOrder } from '../../use-cases/get-service-order';
import { spec } from './spec';

/** GET /staff/service-orders/{id} — the staff view, with who made each change. */
export const handler = httpRoute(spec, async ({ params }) => {
  const order = await getServiceOrder(lookUpServiceOrderDeps(), params.id, { staff: true });
  return { body: presentServiceOrder(order, 'staff') };
});
