import type { Api, Grievance, GrievanceSummary, Schemas, ServiceOrder, VerifiedSession } from '../shared/api';

/** The customer routes the portal uses, on the typed client (API.md: OTP, session, service orders, grievances). */
export function customerApi(api: Api) {
  const { client, call } = api;
  /** Full orders already read, by id: read again only when the list says one changed (`updatedAt`). */
  const known = new Map<string, ServiceOrder>();
  const getOrder = async (id: string): Promise<ServiceOrder> => {
    const order = await call(client.GET('/service-orders/{id}', { params: { path: { id } } }));
    known.set(order.id, order);
    return order;
  };
  return {
    requestOtp: (body: Schemas['OtpRequest']) => call(client.POST('/otp', { body })),
    verify: async (body: Schemas['OtpVerification']): Promise<VerifiedSession> => {
      const session = await call(client.POST('/otp/verify', { body }));
      known.clear();
      for (const o of session.serviceOrders) known.set(o.id, o);
      return session;
    },
    /** GET /session: the token's phone and end, or a refused token (which ends the session). */
    session: () => call(client.GET('/session', {})),
    getOrder,
    /**
     * Every order of the signed-in number (GET /service-orders), each with its
     * timeline: an order whose `updatedAt` moved (a status change) is read again.
     */
    async listOrders(): Promise<ServiceOrder[]> {
      const { items } = await call(client.GET('/service-orders', {}));
      return Promise.all(
        items.map((o) => {
          const full = known.get(o.id);
          return full && full.updatedAt === o.updatedAt ? full : getOrder(o.id);
        }),
      );
    },
    /** One page of the number's grievances, newest first (GET /grievances?limit=&cursor=). */
    listGrievances: (cursor?: string): Promise<{ items: GrievanceSummary[]; nextCursor: string | null }> =>
      call(
        client.GET('/grievances', {
          params: { query: { limit: GRIEVANCE_PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    getGrievance: (id: string): Promise<Grievance> =>
      call(client.GET('/grievances/{id}', { params: { path: { id } } })),
    fileGrievance: (body: Schemas['GrievanceRequest'], idempotencyKey: string): Promise<Grievance> =>
      call(client.POST('/grievances', { body, headers: { 'idempotency-key': idempotencyKey } })),
    feedback: (id: string, body: Schemas['FeedbackRequest']): Promise<Grievance> =>
      call(client.POST('/grievances/{id}/feedback', { params: { path: { id } }, body })),
    /** POST /session/logout: the server revokes the token at once. */
    async logout(): Promise<void> {
      await call(client.POST('/session/logout', {}));
      known.clear();
    },
    forget: () => known.clear(),
  };
}

/** Complaints per page of "Your complaints". */
export const GRIEVANCE_PAGE = 10;

export type CustomerApi = ReturnType<typeof customerApi>;
