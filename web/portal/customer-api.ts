import {
  type Api,
  ApiError,
  type Grievance,
  type GrievanceSummary,
  isMissingRoute,
  type Schemas,
  type ServiceOrder,
  untypedCall,
  type VerifiedSession,
} from '../shared/api';

/** The customer routes the portal uses, on the typed client (API.md: OTP, service orders, grievances). */
export function customerApi(api: Api, token: () => string | undefined) {
  const { client, call } = api;
  return {
    requestOtp: (body: Schemas['OtpRequest']) => call(client.POST('/otp', { body })),
    verify: async (body: Schemas['OtpVerification']): Promise<VerifiedSession> =>
      (await call(client.POST('/otp/verify', { body }))) as VerifiedSession,
    getOrder: (id: string) => call(client.GET('/service-orders/{id}', { params: { path: { id } } })),
    /**
     * Every order of the signed-in number (GET /service-orders, v1.1); until that
     * route is deployed, the orders sign-in returned, each read afresh.
     */
    async listOrders(known: readonly ServiceOrder[]): Promise<ServiceOrder[]> {
      try {
        const page = await untypedCall<{ items: { id: string }[] }>(api, token(), 'GET', '/service-orders');
        return await Promise.all(page.items.map((o) => this.getOrder(o.id)));
      } catch (error) {
        if (!isMissingRoute(error)) throw error;
        return Promise.all(known.map((o) => this.getOrder(o.id)));
      }
    },
    listGrievances: async (): Promise<GrievanceSummary[]> =>
      (await call(client.GET('/grievances', {}))).items,
    getGrievance: (id: string): Promise<Grievance> =>
      call(client.GET('/grievances/{id}', { params: { path: { id } } })),
    fileGrievance: (body: Schemas['GrievanceRequest'], idempotencyKey: string): Promise<Grievance> =>
      call(client.POST('/grievances', { body, headers: { 'idempotency-key': idempotencyKey } })),
    feedback: (id: string, body: Schemas['FeedbackRequest']): Promise<Grievance> =>
      call(client.POST('/grievances/{id}/feedback', { params: { path: { id } }, body })),
    /** Revokes the token (POST /session/logout, v1.1); a host without that route has nothing to revoke. */
    async logout(): Promise<void> {
      try {
        await untypedCall<void>(api, token(), 'POST', '/session/logout');
      } catch (error) {
        if (isMissingRoute(error) || (error instanceof ApiError && error.status === 401)) return;
        throw error;
      }
    },
  };
}

export type CustomerApi = ReturnType<typeof customerApi>;
