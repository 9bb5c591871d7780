import { staffLevel } from '../../lambdas/domain/staff';
import {
  type Api,
  ApiError,
  type Grievance,
  type GrievanceSummary,
  isMissingRoute,
  type Schemas,
  type ServiceOrder,
  type ServiceOrderStatus,
  untypedCall,
} from '../shared/api';
import type { StaffGroup, StaffSession } from './sign-in';

export interface StaffMe {
  sub: string;
  groups: string[];
  level: number | null;
}

export interface QueueFilter {
  level?: number;
  status: 'OPEN' | 'RESOLVED' | 'CLOSED';
  breached?: boolean;
}

const GRIEVANCE_ID = /^GRV-/i;
const SERVICE_ORDER_ID = /^SO[0-9A-Z]{6,}$/i;

/** The staff routes the console uses, on the typed client. */
export function staffApi(api: Api, session: () => StaffSession | undefined) {
  const { client, call } = api;
  return {
    /** GET /staff/me (v1.1); until it is deployed, what the sign-in's groups say. */
    async me(): Promise<StaffMe> {
      try {
        return await untypedCall<StaffMe>(api, session()?.token, 'GET', '/staff/me');
      } catch (error) {
        const s = session();
        if (!isMissingRoute(error) || !s) throw error;
        const level = staffLevel({ sub: s.sub, groups: s.groups as StaffGroup[] });
        return { sub: s.sub, groups: s.groups, level: level || null };
      }
    },
    queue: (filter: QueueFilter, cursor?: string) =>
      call(
        client.GET('/staff/grievances', {
          params: {
            query: {
              status: filter.status,
              ...(filter.level ? { level: filter.level } : {}),
              ...(filter.breached ? { breached: 'true' } : {}),
              ...(cursor ? { cursor } : {}),
              limit: 20,
            },
          },
        }),
      ),
    /**
     * Finds grievances by id, phone or service order id (`q`, v1.1); until `q`
     * is deployed, by exact grievance id only.
     */
    async search(q: string): Promise<GrievanceSummary[]> {
      try {
        const page = await untypedCall<{ items: GrievanceSummary[] }>(
          api,
          session()?.token,
          'GET',
          `/staff/grievances?q=${encodeURIComponent(q)}&status=OPEN`,
        );
        return page.items;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 400)) throw error;
        if (!GRIEVANCE_ID.test(q)) return [];
        try {
          return [await this.grievance(q.toUpperCase())];
        } catch (e) {
          if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return [];
          throw e;
        }
      }
    },
    grievance: (id: string): Promise<Grievance> =>
      call(client.GET('/staff/grievances/{id}', { params: { path: { id } } })),
    respond: (id: string, body: Schemas['StaffResponseRequest']): Promise<Grievance> =>
      call(client.POST('/staff/grievances/{id}/responses', { params: { path: { id } }, body })),
    fileWalkIn: (body: Schemas['WalkInGrievanceRequest'], idempotencyKey: string): Promise<Grievance> =>
      call(client.POST('/staff/grievances', { body, headers: { 'idempotency-key': idempotencyKey } })),
    createOrder: (body: Schemas['ServiceOrderRequest']): Promise<ServiceOrder> =>
      call(client.POST('/staff/service-orders', { body })),
    order: (id: string): Promise<ServiceOrder> =>
      call(client.GET('/staff/service-orders/{id}', { params: { path: { id } } })),
    changeStatus: (id: string, status: ServiceOrderStatus, note?: string): Promise<ServiceOrder> =>
      call(
        client.POST('/staff/service-orders/{id}/status', {
          params: { path: { id } },
          body: { status, ...(note ? { note } : {}) },
        }),
      ),
    /**
     * Finds service orders by id, phone, IMEI or serial (GET /staff/service-orders?q=, v1.1);
     * until that is deployed, by exact order id only.
     */
    async searchOrders(
      q: string,
    ): Promise<{ id: string; statusLabel: string; device: { model: string }; customer: { name: string } }[]> {
      try {
        const page = await untypedCall<{ items: ServiceOrder[] }>(
          api,
          session()?.token,
          'GET',
          `/staff/service-orders?q=${encodeURIComponent(q)}`,
        );
        return page.items;
      } catch (error) {
        if (!(isMissingRoute(error) || (error instanceof ApiError && error.status === 400))) throw error;
        if (!SERVICE_ORDER_ID.test(q)) return [];
        try {
          return [await this.order(q.toUpperCase())];
        } catch (e) {
          if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return [];
          throw e;
        }
      }
    },
  };
}

export type StaffApi = ReturnType<typeof staffApi>;
