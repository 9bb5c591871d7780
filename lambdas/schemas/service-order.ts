import {
  isValidImei,
  PURCHASE_ORDER_PATTERN,
  SERIAL_PATTERN,
  SERVICE_ORDER_ID_PATTERN,
} from '../domain/identifiers';
import { serviceOrderMatches } from '../domain/search';
import { SERVICE_ORDER_STATUSES } from '../domain/service-order';
import { isoTimestamp, pageFields, phoneSchema, searchTerm, timestampInput } from './common';
import { freeText, singleLineText } from './text';
import * as z from './z';

/** A service order id, read case-insensitively (customers type it from an SMS). */
export const serviceOrderId = /* @__PURE__ */ z.defineSchema(() =>
  z
    .string()
    .check(
      z.maxLength(40),
      z.trim(),
      z.toUpperCase(),
      z.regex(SERVICE_ORDER_ID_PATTERN, 'must be a service order id such as SO7KQ2M9XH4R'),
    ),
);

/** 15 digits (spaces or dashes as typed are dropped) whose last is the Luhn check digit. */
const imei = /* @__PURE__ */ z.defineSchema(() =>
  z.string().check(
    z.maxLength(30),
    z.overwrite((s: string) => s.replace(/[\s-]/g, '')),
    z.regex(/^\d{15}$/, 'must be 15 digits'),
    z.refine(isValidImei, 'must be an IMEI with a valid check digit'),
  ),
);

const serialNumber = /* @__PURE__ */ z.defineSchema(() =>
  z.string().check(z.trim(), z.regex(SERIAL_PATTERN, 'must be 6–30 letters or digits')),
);

const purchaseOrderNumber = /* @__PURE__ */ z.defineSchema(() =>
  z
    .string()
    .check(
      z.trim(),
      z.regex(
        PURCHASE_ORDER_PATTERN,
        'must be 3–40 letters, digits, "-" or "/", starting with a letter or digit',
      ),
    ),
);

export const createServiceOrderBody = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    id: z.optional(serviceOrderId),
    purchaseOrderNumber: z.optional(purchaseOrderNumber),
    customer: z.strictObject({ name: singleLineText(1, 100), phone: phoneSchema }),
    device: z.strictObject({
      model: singleLineText(1, 100),
      imei: z.optional(imei),
      serialNumber: z.optional(serialNumber),
    }),
    issue: freeText(1, 1000),
    serviceCentre: singleLineText(1, 100),
    estimatedReadyAt: z.optional(timestampInput),
  }),
);
export type CreateServiceOrderBody = z.infer<typeof createServiceOrderBody>;

export const changeServiceOrderStatusBody = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    status: z.enum(SERVICE_ORDER_STATUSES),
    note: z.optional(freeText(1, 500)),
    estimatedReadyAt: z.optional(timestampInput),
  }),
);
export type ChangeServiceOrderStatusBody = z.infer<typeof changeServiceOrderStatusBody>;

export const serviceOrderPath = /* @__PURE__ */ z.defineSchema(() => z.object({ id: serviceOrderId }));

/** GET /staff/service-orders: filters, a search and a page; unknown parameters are a 400. */
export const staffServiceOrderListQuery = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    status: z.optional(z.enum(SERVICE_ORDER_STATUSES)),
    serviceCentre: z.optional(singleLineText(1, 100)),
    q: z.optional(
      searchTerm(
        serviceOrderMatches,
        'a service order id, purchase order number, mobile number, IMEI or serial number',
      ),
    ),
    ...pageFields,
  }),
);
export type StaffServiceOrderListQuery = z.infer<typeof staffServiceOrderListQuery>;

/** ServiceOrderSummary: ServiceOrder without its timeline. */
export const serviceOrderSummaryFields = /* @__PURE__ */ z.defineSchema(() => ({
  id: z.string(),
  purchaseOrderNumber: z.optional(z.string()),
  status: z.enum(SERVICE_ORDER_STATUSES),
  statusLabel: z.string(),
  statusDescription: z.string(),
  customer: z.strictObject({ name: z.string(), phone: z.string() }),
  device: z.strictObject({
    model: z.string(),
    imei: z.optional(z.string()),
    serialNumber: z.optional(z.string()),
  }),
  issue: z.string(),
  serviceCentre: z.string(),
  estimatedReadyAt: z.optional(isoTimestamp),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
}));

/**
 * ServiceOrder as API.md shows it: `actor` is STAFF or SYSTEM in both views,
 * `staffId` only in the staff view. Also the truth the presenter is tested against.
 */
export const serviceOrderResponse = /* @__PURE__ */ z.defineSchema(() =>
  z.strictObject({
    ...serviceOrderSummaryFields,
    timeline: z.array(
      z.strictObject({
        at: isoTimestamp,
        status: z.enum(SERVICE_ORDER_STATUSES),
        statusLabel: z.string(),
        note: z.optional(z.string()),
        actor: z.enum(['STAFF', 'SYSTEM']),
        /** Staff view only. */
        staffId: z.optional(z.string()),
      }),
    ),
    /** Staff view only: SMS about the order that could never be sent (the customer was not told). */
    smsNotDelivered: z.optional(
      z.array(
        z.strictObject({
          at: isoTimestamp,
          kind: z.string(),
          to: z.string(),
          /** OPTED_OUT or INVALID_NUMBER. */
          reason: z.string(),
          /** e.g. "Customer not told: SMS failed (the number opted out of SMS)". */
          label: z.string(),
        }),
      ),
    ),
  }),
);
