import type { ServiceOrder } from '../domain/service-order';
import { NotFoundError } from '../errors';
import type { ServiceOrderReader } from '../ports/service-orders';

export interface GetServiceOrderDeps {
  orders: Pick<ServiceOrderReader, 'get'>;
}

/** Who asks: staff of a service-order group, or a customer proven to hold `phone`. */
export type ServiceOrderViewer = { staff: true } | { phone: string };

/**
 * Primary course:
 *  1. Read the order by id (for staff, with the SMS about it that could not be sent).
 *  2. For a customer, keep it only when its phone is the token's phone.
 *  3. Otherwise answer 404 — the same answer whether it is missing or someone else's.
 */
export async function getServiceOrder(
  deps: GetServiceOrderDeps,
  id: string,
  viewer: ServiceOrderViewer,
): Promise<ServiceOrder> {
  // Staff also see the SMS about it that could not be sent.
  const order = await deps.orders.get(id, 'staff' in viewer ? { withSmsFailures: true } : {});
  if (!order || ('phone' in viewer && order.customer.phone !== viewer.phone))
    throw new NotFoundError(`No service order ${id}.`);
  return order;
}
