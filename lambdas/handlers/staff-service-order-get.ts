import { SERVICE_ORDER_GROUPS } from '../domain/staff';
import { httpRoute } from '../http/route';
import { presentServiceOrder } from '../presenters/service-order';
import { serviceOrderPath } from '../schemas/service-order';
import { getServiceOrder } from '../use-cases/get-service-order';
import { serviceOrderReader } from '../wiring/service-orders';

/** GET /staff/service-orders/{id} — the staff view, with who made each change. */
export const handler = httpRoute({
  auth: 'staff',
  groups: SERVICE_ORDER_GROUPS,
  path: serviceOrderPath,
  handler: async ({ path }) => {
    const order = await getServiceOrder({ orders: serviceOrderReader() }, path.id, { staff: true });
    return { body: presentServiceOrder(order, 'staff') };
  },
});
