import { newServiceOrderId } from '../domain/ids';
import { SERVICE_ORDER_GROUPS } from '../domain/staff';
import { UnauthorizedError } from '../errors';
import { httpRoute } from '../http/route';
import { presentServiceOrder } from '../presenters/service-order';
import { createServiceOrderBody } from '../schemas/service-order';
import { createServiceOrder } from '../use-cases/create-service-order';
import { clock } from '../wiring/clock';
import { serviceOrderRepository } from '../wiring/service-orders';
import { smsSender } from '../wiring/sms';

/** POST /staff/service-orders — a service centre books a device in; the customer gets an SMS. */
export const handler = httpRoute({
  auth: 'staff',
  groups: SERVICE_ORDER_GROUPS,
  body: createServiceOrderBody,
  handler: async ({ body, staff }) => {
    const deps = {
      orders: serviceOrderRepository(),
      sms: smsSender(),
      clock: clock(),
      newId: newServiceOrderId,
    };
    if (!staff) throw new UnauthorizedError(); // the route's guard already ensures one
    const order = await createServiceOrder(deps, body, staff);
    return {
      status: 201,
      headers: { Location: `/staff/service-orders/${order.id}` },
      body: presentServiceOrder(order, 'staff'),
    };
  },
});
