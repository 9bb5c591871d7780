import type { ServiceOrderMatch } from '../domain/search';
import type { ServiceOrder, ServiceOrderStatus } from '../domain/service-order';

export type ServiceOrderLookup = 'SERVICE_ORDER' | 'PURCHASE_ORDER' | 'IMEI' | 'SERIAL';

/** The staff list: filters, an optional search, a page. Most recently updated first. */
export interface ServiceOrderListQuery {
  status?: ServiceOrderStatus | undefined;
  serviceCentre?: string | undefined;
  /** When given, only orders one of these names (a search); otherwise every order. */
  matches?: ServiceOrderMatch[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface ServiceOrderPage {
  items: ServiceOrder[];
  nextCursor: string | null;
}

export interface ServiceOrderReader {
  /** One order; `withSmsFailures` (staff) adds the SMS about it that could not be sent, in the same read. */
  get(id: string, options?: { withSmsFailures?: boolean }): Promise<ServiceOrder | undefined>;
  /** Orders an identifier names (by id, PO number, IMEI or serial), each by a key or index query. */
  findBy(type: ServiceOrderLookup, value: string): Promise<ServiceOrder[]>;
  /** Every order of one phone (oldest first). */
  listByPhone(phone: string): Promise<ServiceOrder[]>;
}

/** The staff list (apart from ServiceOrderReader, whose look-ups the OTP routes use alone). */
export interface ServiceOrderLists {
  /** Most recently updated first, by index queries only, a page at a time. */
  list(query: ServiceOrderListQuery): Promise<ServiceOrderPage>;
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
