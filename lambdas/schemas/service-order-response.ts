import { serviceOrderSummaryFields } from './service-order';
import * as z from './z';

/** Response shapes of the service-order lists, for the OpenAPI document only (kept apart from handler bundles). */

/** ServiceOrderSummary: ServiceOrder without its timeline. */
export const serviceOrderSummaryResponse = z.object(serviceOrderSummaryFields);

/** GET /service-orders: every order of the token's phone. */
export const serviceOrderListResponse = z.object({ items: z.array(serviceOrderSummaryResponse) });

/** GET /staff/service-orders: a page. */
export const serviceOrderPageResponse = z.object({
  items: z.array(serviceOrderSummaryResponse),
  nextCursor: z.nullable(z.string()),
});
