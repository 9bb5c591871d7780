import type { ServiceOrder, ServiceOrderStatus } from '../domain/service-order';
import { changeStatus, serviceOrderStatusSms } from '../domain/service-order-rules';
import type { StaffIdentity } from '../domain/staff';
import { NotFoundError } from '../errors';
import type { Clock } from '../ports/clock';
import type { ServiceOrderReader, ServiceOrderWriter } from '../ports/service-orders';
import type { SmsQueue } from '../ports/sms-queue';
import { notifyCustomer } from './notify-customer';

export interface ChangeServiceOrderStatusDeps {
  orders: Pick<ServiceOrderReader, 'get'> & Pick<ServiceOrderWriter, 'updateStatus'>;
  sms: SmsQueue;
  clock: Clock;
}

export interface ChangeServiceOrderStatusInput {
  id: string;
  status: ServiceOrderStatus;
  note?: string;
  estimatedReadyAt?: string;
}

/**
 * Primary course:
 *  1. Load the order (404 when unknown).
 *  2. Apply the status machine (409 naming the allowed next statuses), adding a timeline entry.
 *  3. Store it only if nobody changed it since step 1 (409 otherwise).
 *  4. Queue an SMS to the customer naming the order id, the new label and description, and wait for the
 *     hand-over (a failed SMS is logged and counted, the change stands).
 *  5. Return the changed order.
 */
export async function changeServiceOrderStatus(
  deps: ChangeServiceOrderStatusDeps,
  input: ChangeServiceOrderStatusInput,
  staff: StaffIdentity,
): Promise<ServiceOrder> {
  const current = await deps.orders.get(input.id);
  if (!current) throw new NotFoundError(`No service order ${input.id}.`);
  const next = changeStatus(
    current,
    {
      status: input.status,
      staffId: staff.sub,
      ...(input.note ? { note: input.note } : {}),
      ...(input.estimatedReadyAt ? { estimatedReadyAt: input.estimatedReadyAt } : {}),
    },
    deps.clock.now(),
  );
  await deps.orders.updateStatus(next, { status: current.status, updatedAt: current.updatedAt });
  await notifyCustomer(deps.sms, {
    to: next.customer.phone,
    ...serviceOrderStatusSms(next),
    serviceOrderId: next.id,
    revision: next.timeline.length,
  });
  return next;
}
