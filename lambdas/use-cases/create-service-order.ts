import type { ServiceOrder } from '../domain/service-order';
import {
  type NewServiceOrder,
  createServiceOrder as newOrder,
  serviceOrderCreatedSms,
} from '../domain/service-order-rules';
import type { StaffIdentity } from '../domain/staff';
import { ConflictError } from '../errors';
import type { Clock } from '../ports/clock';
import type { ServiceOrderWriter } from '../ports/service-orders';
import type { SmsQueue } from '../ports/sms-queue';
import { notifyCustomer } from './notify-customer';

export interface CreateServiceOrderDeps {
  orders: ServiceOrderWriter;
  sms: SmsQueue;
  clock: Clock;
  newId: () => string;
}

/** A new order as staff send it: the id is generated when absent. */
export type CreateServiceOrderInput = Omit<NewServiceOrder, 'id'> & { id?: string };

/** A generated id colliding with a stored one is ~1 in 2^49 per order; a few retries make it moot. */
const GENERATED_ID_ATTEMPTS = 3;

/**
 * Primary course:
 *  1. Build the order in UNDER_INSPECTION, its creation the first timeline entry
 *     (the id is the given one or a new short, unguessable one).
 *  2. Store it unless the id exists (409 for a given id; a new id for a generated one).
 *  3. Queue an SMS to the customer naming the order id, label and description, and wait for the hand-over
 *     (a failed SMS is logged and counted, the order stands).
 *  4. Return the stored order.
 */
export async function createServiceOrder(
  deps: CreateServiceOrderDeps,
  input: CreateServiceOrderInput,
  staff: StaffIdentity,
): Promise<ServiceOrder> {
  const now = deps.clock.now();
  let order: ServiceOrder | undefined;
  for (let attempt = 1; !order; attempt++) {
    const candidate = newOrder({ ...input, id: input.id ?? deps.newId() }, now, staff.sub);
    try {
      await deps.orders.create(candidate);
      order = candidate;
    } catch (error) {
      const retry = error instanceof ConflictError && !input.id && attempt < GENERATED_ID_ATTEMPTS;
      if (!retry) throw error;
    }
  }
  await notifyCustomer(deps.sms, {
    to: order.customer.phone,
    ...serviceOrderCreatedSms(order),
    serviceOrderId: order.id,
    revision: order.timeline.length,
  });
  return order;
}
