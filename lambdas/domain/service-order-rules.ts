import { TransitionNotAllowedError, ValidationError } from '../errors';
import type { ServiceOrder, ServiceOrderStatus, ServiceOrderTimelineEntry } from './service-order';
import { fitVariable, renderSms, type SmsText } from './sms-catalogue';

/**
 * The repair status machine of API.md, as pure functions over plain data:
 * UNDER_INSPECTION → WORK_IN_PROGRESS → READY_FOR_DELIVERY → DELIVERED, and
 * CANCELLED from any status before DELIVERED. DELIVERED and CANCELLED are final.
 */
export const TRANSITIONS: Readonly<Record<ServiceOrderStatus, readonly ServiceOrderStatus[]>> = {
  UNDER_INSPECTION: ['WORK_IN_PROGRESS', 'CANCELLED'],
  WORK_IN_PROGRESS: ['READY_FOR_DELIVERY', 'CANCELLED'],
  READY_FOR_DELIVERY: ['DELIVERED', 'CANCELLED'],
  DELIVERED: [],
  CANCELLED: [],
};

export const nextStatuses = (status: ServiceOrderStatus): readonly ServiceOrderStatus[] =>
  TRANSITIONS[status];

export const isFinalStatus = (status: ServiceOrderStatus): boolean => TRANSITIONS[status].length === 0;

export interface StatusChange {
  status: ServiceOrderStatus;
  note?: string;
  estimatedReadyAt?: string;
  /** Staff member making the change (kept for the staff view only). */
  staffId: string;
}

/** Timestamps are stored as ISO 8601 UTC with a Z suffix, whatever precision and offset they came in. */
const isoUtc = (value: string): string => new Date(value).toISOString();

/** An estimate must lie ahead of `now` (a 400 naming the field otherwise). */
function futureEstimate(value: string | undefined, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (!(at > now.getTime()))
    throw new ValidationError([{ path: 'estimatedReadyAt', message: 'must be in the future' }]);
  return isoUtc(value);
}

/**
 * The order after `change` at `now`: the new status, a timeline entry, and the
 * new estimate when one is given. A move the machine does not allow is a 409
 * whose detail names the statuses that are allowed from here.
 */
export function changeStatus(order: ServiceOrder, change: StatusChange, now: Date): ServiceOrder {
  const allowed = nextStatuses(order.status);
  if (!allowed.includes(change.status)) {
    const options = allowed.length > 0 ? allowed.join(', ') : `none (${order.status} is final)`;
    throw new TransitionNotAllowedError(
      `Cannot move from ${order.status} to ${change.status}; allowed: ${options}`,
      {
        currentStatus: order.status,
        allowedStatuses: [...allowed],
      },
    );
  }
  const estimatedReadyAt = futureEstimate(change.estimatedReadyAt, now);
  const at = now.toISOString();
  const entry: ServiceOrderTimelineEntry = {
    at,
    status: change.status,
    ...(change.note ? { note: change.note } : {}),
    actor: 'STAFF',
    staffId: change.staffId,
  };
  return {
    ...order,
    status: change.status,
    ...(estimatedReadyAt ? { estimatedReadyAt } : {}),
    updatedAt: at,
    timeline: [...order.timeline, entry],
  };
}

export interface NewServiceOrder {
  id: string;
  purchaseOrderNumber?: string;
  customer: { name: string; phone: string };
  device: { model: string; imei?: string; serialNumber?: string };
  issue: string;
  serviceCentre: string;
  estimatedReadyAt?: string;
}

/** A new order in UNDER_INSPECTION, booked by staff member `staffId`; its creation is the first timeline entry. */
export function createServiceOrder(input: NewServiceOrder, now: Date, staffId: string): ServiceOrder {
  const estimatedReadyAt = futureEstimate(input.estimatedReadyAt, now);
  const at = now.toISOString();
  const { imei, serialNumber } = input.device;
  return {
    id: input.id,
    ...(input.purchaseOrderNumber ? { purchaseOrderNumber: input.purchaseOrderNumber } : {}),
    status: 'UNDER_INSPECTION',
    customer: { name: input.customer.name, phone: input.customer.phone },
    device: {
      model: input.device.model,
      ...(imei ? { imei } : {}),
      ...(serialNumber ? { serialNumber } : {}),
    },
    issue: input.issue,
    serviceCentre: input.serviceCentre,
    ...(estimatedReadyAt ? { estimatedReadyAt } : {}),
    createdAt: at,
    updatedAt: at,
    timeline: [{ at, status: 'UNDER_INSPECTION', actor: 'STAFF', staffId }],
  };
}

/**
 * The SMS telling a customer their order was registered; names the model, the id, the label and
 * the description (a new order is always under inspection: the template's fixed text).
 */
export function serviceOrderCreatedSms(order: ServiceOrder): SmsText {
  return renderSms('SERVICE_ORDER_REGISTERED', {
    model: fitVariable(order.device.model) || 'device',
    id: order.id,
  });
}

/**
 * The SMS telling a customer their order moved; names the id, the label and the description, each
 * status its own template (a description is longer than a DLT variable may be).
 */
export function serviceOrderStatusSms(order: ServiceOrder): SmsText {
  return order.status === 'UNDER_INSPECTION'
    ? serviceOrderCreatedSms(order)
    : renderSms(`SERVICE_ORDER_${order.status}`, { id: order.id });
}
