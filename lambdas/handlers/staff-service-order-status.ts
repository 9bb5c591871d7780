import { SERVICE_ORDER_GROUPS } from '../domain/staff';
import { UnauthorizedError } from '../errors';
import { httpRoute } from '../http/route';
import { presentServiceOrder } from '../presenters/service-order';
import { changeServiceOrderStatusBody, serviceOrderPath } from '../schemas/service-order';
import { changeServiceOrderStatus } from '../use-cases/change-service-order-status';
import { clock } from '../wiring/clock';
import { serviceOrderRepository } from '../wiring/service-orders';
import { smsSender } from '../wiring/sms';

/** POST /staff/service-orders/{id}/status — move an order along; the customer gets an SMS. */
export const handler = httpRoute({
  auth: 'staff',
  groups: SERVICE_ORDER_GROUPS,
  path: serviceOrderPath,
  body: changeServiceOrderStatusBody,
  handler: async ({ path, body, staff }) => {
    if (!staff) throw new UnauthorizedError(); // the route's guard already ensures one
    const deps = { orders: serviceOrderRepository(), sms: smsSender(), clock: clock() };
    const order = await changeServiceOrderStatus(deps, { ...body, id: path.id }, staff);
    return { body: presentServiceOrder(order, 'staff') };
  },
});
