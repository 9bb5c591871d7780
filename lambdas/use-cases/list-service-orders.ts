import type { ServiceOrderMatch } from '../domain/search';
import type { ServiceOrder, ServiceOrderStatus } from '../domain/service-order';
import type { ServiceOrderLists, ServiceOrderPage, ServiceOrderReader } from '../ports/service-orders';

export interface CustomerServiceOrdersDeps {
  orders: Pick<ServiceOrderReader, 'listByPhone'>;
}

/** Most recently updated first, then by id. */
const byRecency = (a: ServiceOrder, b: ServiceOrder): number =>
  `${a.updatedAt}#${a.id}` < `${b.updatedAt}#${b.id}` ? 1 : -1;

/**
 * Primary course:
 *  1. Read every order of the token's phone through the byPhone index (one phone's orders are few).
 *  2. Most recently updated first.
 */
export async function listCustomerServiceOrders(
  deps: CustomerServiceOrdersDeps,
  phone: string,
): Promise<ServiceOrder[]> {
  const orders = await deps.orders.listByPhone(phone);
  return orders.sort(byRecency);
}

export interface StaffServiceOrdersDeps {
  orders: ServiceOrderLists;
}

export interface StaffServiceOrderListInput {
  status?: ServiceOrderStatus | undefined;
  serviceCentre?: string | undefined;
  /** A search: what `q` named (order id, purchase order, phone, IMEI, serial). */
  q?: ServiceOrderMatch[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Primary course:
 *  1. Without `q`: the orders of the status and/or service centre asked for (all when neither),
 *     most recently updated first, a page from the cursor on — index queries only.
 *  2. With `q`: the orders it names, within the filters given, most recently updated first.
 * Group checks are the route's (every reader group may list; only writers may change).
 */
export function listStaffServiceOrders(
  deps: StaffServiceOrdersDeps,
  input: StaffServiceOrderListInput,
): Promise<ServiceOrderPage> {
  return deps.orders.list({
    status: input.status,
    serviceCentre: input.serviceCentre,
    matches: input.q,
    limit: input.limit,
    cursor: input.cursor,
  });
}
