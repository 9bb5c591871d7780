import { SMS_FAILURE_LABELS } from '../domain/grievance';
import { type ServiceOrder, STATUS_TEXT, timelineActor } from '../domain/service-order';

/** ServiceOrderSummary: the order without its timeline (the same for customers and staff). */
export function presentServiceOrderSummary(order: ServiceOrder) {
  const text = STATUS_TEXT[order.status];
  return {
    id: order.id,
    ...(order.purchaseOrderNumber ? { purchaseOrderNumber: order.purchaseOrderNumber } : {}),
    status: order.status,
    statusLabel: text.label,
    statusDescription: text.description,
    customer: order.customer,
    device: order.device,
    issue: order.issue,
    serviceCentre: order.serviceCentre,
    ...(order.estimatedReadyAt ? { estimatedReadyAt: order.estimatedReadyAt } : {}),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

/**
 * ServiceOrder as API.md shows it. Every timeline entry says who acted
 * (`actor`: STAFF or SYSTEM) and its status label; only the staff view says
 * which staff member (`staffId`).
 */
export function presentServiceOrder(order: ServiceOrder, view: 'customer' | 'staff') {
  return {
    ...presentServiceOrderSummary(order),
    timeline: order.timeline.map((entry) => {
      const { actor, staffId } = timelineActor(entry);
      return {
        at: entry.at,
        status: entry.status,
        statusLabel: STATUS_TEXT[entry.status].label,
        ...(entry.note ? { note: entry.note } : {}),
        actor,
        ...(view === 'staff' && staffId ? { staffId } : {}),
      };
    }),
    ...(view === 'staff' && order.smsNotDelivered?.length
      ? {
          smsNotDelivered: order.smsNotDelivered.map((f) => ({
            ...f,
            label: `Customer not told: SMS failed (${SMS_FAILURE_LABELS[f.reason] ?? 'not deliverable'})`,
          })),
        }
      : {}),
  };
}
