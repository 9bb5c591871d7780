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

export interface ServiceOrderTimelineEntry {
  at: string;
  status: ServiceOrderStatus;
  note?: string;
  /** Staff member who made the change (staff view only). */
  actor?: string;
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
}
