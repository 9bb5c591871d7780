import {
  type Api,
  ApiError,
  type Grievance,
  type GrievanceSummary,
  type Schemas,
  type ServiceOrder,
  type ServiceOrderStatus,
  type ServiceOrderSummary,
  type StaffProfile,
} from '../shared/api';

export interface QueueFilter {
  level?: number | undefined;
  status: 'OPEN' | 'RESOLVED' | 'CLOSED';
  breached?: boolean | undefined;
  /** `me` (the caller's claims), `none` (unclaimed) or a staff id; absent: anyone's. */
  assignee?: string | undefined;
}

export type SlaReport = Schemas['SlaReport'];

export interface OrderFilter {
  status?: ServiceOrderStatus | undefined;
  serviceCentre?: string | undefined;
  /** Order id, purchase order number, mobile number, IMEI or serial number. */
  q?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const PAGE = 20;

/** The staff routes the console uses, on the typed client. */
export function staffApi(api: Api) {
  const { client, call } = api;
  return {
    /** GET /staff/me: the caller's groups and level, as the API sees the token. */
    me: (): Promise<StaffProfile> => call(client.GET('/staff/me', {})),
    /**
     * GET /staff/grievances: the queue of the caller's levels (most urgent first)
     * or, with `q` (grievance id, phone, service order id), a search within the
     * level and breached filters (every status; newest first).
     */
    queue: (
      filter: QueueFilter,
      options: { q?: string; cursor?: string } = {},
    ): Promise<Page<GrievanceSummary>> =>
      call(
        client.GET('/staff/grievances', {
          params: {
            query: {
              ...(options.q ? { q: options.q } : { status: filter.status }),
              ...(filter.level ? { level: filter.level } : {}),
              ...(filter.breached ? { breached: 'true' } : {}),
              ...(filter.assignee ? { assignee: filter.assignee } : {}),
              ...(options.cursor ? { cursor: options.cursor } : {}),
              limit: PAGE,
            },
          },
        }),
      ),
    grievance: (id: string): Promise<Grievance> =>
      call(client.GET('/staff/grievances/{id}', { params: { path: { id } } })),
    respond: (id: string, body: Schemas['StaffResponseRequest']): Promise<Grievance> =>
      call(client.POST('/staff/grievances/{id}/responses', { params: { path: { id } }, body })),
    /** POST /staff/grievances/{id}/claim: the caller holds it now (`takeOver` from whoever held it). */
    claim: (id: string, takeOver = false): Promise<Grievance> =>
      call(
        client.POST('/staff/grievances/{id}/claim', {
          params: { path: { id } },
          body: takeOver ? { takeOver: true } : {},
        }),
      ),
    /** POST /staff/grievances/{id}/release: nobody holds it (the holder or an admin). */
    release: (id: string): Promise<Grievance> =>
      call(client.POST('/staff/grievances/{id}/release', { params: { path: { id } } })),
    /** GET /staff/reports/sla: the days from..to (YYYY-MM-DD, both included) in the report time zone. */
    slaReport: async (from: string, to: string): Promise<SlaReport> => {
      const report = await call(
        client.GET('/staff/reports/sla', {
          params: { query: { from, to } },
          headers: { accept: 'application/json' },
        }),
      );
      // The route also answers text/csv, so its typed answer is either; JSON was asked for.
      if (typeof report === 'string') throw new ApiError(200, 'unknown', 'The report came back as text.');
      return report;
    },
    /** The same days as CSV (`Accept: text/csv`), with the bearer token like every call. */
    slaReportCsv: (from: string, to: string): Promise<Blob> =>
      call(
        client.GET('/staff/reports/sla', {
          params: { query: { from, to } },
          headers: { accept: 'text/csv' },
          parseAs: 'blob',
        }),
      ),
    fileWalkIn: (body: Schemas['WalkInGrievanceRequest'], idempotencyKey: string): Promise<Grievance> =>
      call(client.POST('/staff/grievances', { body, headers: { 'idempotency-key': idempotencyKey } })),
    /** GET /staff/service-orders: by status and service centre, or a search (`q`), most recently updated first. */
    orders: (filter: OrderFilter, cursor?: string): Promise<Page<ServiceOrderSummary>> =>
      call(
        client.GET('/staff/service-orders', {
          params: {
            query: {
              ...(filter.status ? { status: filter.status } : {}),
              ...(filter.serviceCentre ? { serviceCentre: filter.serviceCentre } : {}),
              ...(filter.q ? { q: filter.q } : {}),
              ...(cursor ? { cursor } : {}),
              limit: PAGE,
            },
          },
        }),
      ),
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
  };
}

export type StaffApi = ReturnType<typeof staffApi>;
