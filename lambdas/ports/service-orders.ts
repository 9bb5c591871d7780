import type { ServiceOrder, ServiceOrderStatus } from '../domain/service-order';

export type ServiceOrderLookup = 'SERVICE_ORDER' | 'PURCHASE_ORDER' | 'IMEI' | 'SERIAL';

export interface ServiceOrderReader {
  get(id: string): Promise<ServiceOrder | undefined>;
  /** Orders an identifier names (by id, PO number, IMEI or serial), each by a key or index query. */
  findBy(type: ServiceOrderLookup, value: string): Promise<ServiceOrder[]>;
  listByPhone(phone: string): Promise<ServiceOrder[]>;
}

export interface ServiceOrderWriter {
  /** Stores a new order; an existing id is a ConflictError (409). */
  create(order: ServiceOrder): Promise<void>;
  /**
   * Replaces an order with its next state, only if it still has the status and
   * updatedAt it was read with; otherwise a ConflictError, so concurrent changes
   * cannot overwrite each other.
   */
  updateStatus(
    next: ServiceOrder,
    previous: { status: ServiceOrderStatus; updatedAt: string },
  ): Promise<void>;
}

export type ServiceOrderRepository = ServiceOrderReader & ServiceOrderWriter;
