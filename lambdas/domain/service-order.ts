/** Repair (service order) statuses, labels and customer descriptions, exactly as API.md. */
export const SERVICE_ORDER_STATUSES = [
  'UNDER_INSPECTION',
  'WORK_IN_PROGRESS',
  'READY_FOR_DELIVERY',
  'DELIVERED',
  'CANCELLED',
] as const;
export type ServiceOrderStatus = (typeof SERVICE_ORDER_STATUSES)[number];

export const STATUS_TEXT: Record<ServiceOrderStatus, { label: string; description: string }> = {
  UNDER_INSPECTION: { label: 'Under inspection', description: 'Your device is being checked' },
  WORK_IN_PROGRESS: { label: 'Work in progress', description: 'Your device is getting repaired' },
  READY_FOR_DELIVERY: {
    label: 'Ready for delivery',
    description: 'Your device has been repaired and is ready for delivery',
  },
  DELIVERED: { label: 'Delivered', description: 'You have accepted the delivery of your device' },
  CANCELLED: { label: 'Cancelled', description: 'Your service order is cancelled' },
};

/** Who made a service-order change: staff (a service centre) or the system. */
export type ServiceOrderActor = 'STAFF' | 'SYSTEM';

export interface ServiceOrderTimelineEntry {
  at: string;
  status: ServiceOrderStatus;
  note?: string;
  /**
   * `STAFF` or `SYSTEM`. Entries stored before API v1.1 hold the staff member's
   * id here instead (read with `timelineActor`).
   */
  actor?: ServiceOrderActor | string;
  /** Staff member who made the change (staff view only). */
  staffId?: string;
}

/** An entry's actor and staff id, whichever way it was stored (v1 kept the staff id in `actor`). */
export function timelineActor(entry: ServiceOrderTimelineEntry): {
  actor: ServiceOrderActor;
  staffId?: string;
} {
  if (entry.actor === 'STAFF' || entry.actor === 'SYSTEM')
    return { actor: entry.actor, ...(entry.staffId ? { staffId: entry.staffId } : {}) };
  if (entry.actor) return { actor: 'STAFF', staffId: entry.staffId ?? entry.actor };
  return entry.staffId ? { actor: 'STAFF', staffId: entry.staffId } : { actor: 'SYSTEM' };
}

/** A service order as stored. */
export interface ServiceOrder {
  id: string;
  purchaseOrderNumber?: string;
  status: ServiceOrderStatus;
  customer: { name: string; phone: string };
  device: { model: string; imei?: string; serialNumber?: string };
  issue: string;
  serviceCentre: string;
  estimatedReadyAt?: string;
  createdAt: string;
  updatedAt: string;
  timeline: ServiceOrderTimelineEntry[];
  /**
   * SMS about the order the gateway refused for good (staff reads only; kept beside the order,
   * not on it): the customer was not told what they said.
   */
  smsNotDelivered?: { at: string; kind: string; to: string; reason: string }[];
}
