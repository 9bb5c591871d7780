import { type ServiceOrder, STATUS_TEXT } from '../domain/service-order';

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

/** ServiceOrder as API.md shows it; the customer view leaves out who made each change. */
export function presentServiceOrder(order: ServiceOrder, view: 'customer' | 'staff') {
  return {
    ...presentServiceOrderSummary(order),
    timeline: order.timeline.map(({ actor, ...entry }) =>
      view === 'staff' && actor ? { ...entry, actor } : entry,
    ),
  };
}
