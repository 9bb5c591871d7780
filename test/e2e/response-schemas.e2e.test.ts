import { RESPONSES } from '../../lambdas/schemas/responses';
import type * as z from '../../lambdas/schemas/z';
import type { LocalHost } from '../../local/host';
import { call, codeFrom, customerToken, type HttpResult, lastSms, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

/** The answer's body, parsed by the response schema the route's spec names: the schemas are the truth. */
function expectShape(r: HttpResult, schema: z.ZodMiniType, status = 200): void {
  expect(r.status).toBe(status);
  const parsed = schema.safeParse(r.body);
  if (!parsed.success) throw new Error(`${JSON.stringify(r.body)}\n${JSON.stringify(parsed.error.issues)}`);
}

interface Timeline {
  type?: string;
  label?: string;
  actor: string;
  staffId?: string;
}

describe('real answers parse with the response schemas (lambdas/schemas), labels and one actor included', () => {
  let host: LocalHost;
  const phone = '+919812300801';
  let token: string;
  let desk: string;
  let sc: string;
  let grievanceId: string;
  let orderId: string;

  beforeAll(async () => {
    host = await startTestHost({ env: { OTP_LOOKUP_MIN_MS: '0', OTP_RESEND_SECONDS: '1' } });
    token = await customerToken(host.url, phone);
    desk = await staffToken(host.url, 'desk-1', ['grievance-desk']);
    sc = await staffToken(host.url, 'sc-1', ['service-centre']);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('Grievance (customer view) with statusLabel, categoryLabel and a label per timeline entry', async () => {
    const created = await call<{ id: string; timeline: Timeline[] }>(host.url, 'POST', '/grievances', {
      token,
      body: {
        name: 'Asha Rao',
        category: 'REPAIR_DELAY',
        description: 'My phone has been at the centre for three weeks.',
        device: { model: 'Pixel 9' },
        channel: 'APP',
      },
    });
    expectShape(created, RESPONSES.Grievance, 201);
    grievanceId = created.body.id;
    expect(created.body).toMatchObject({ statusLabel: 'Open', categoryLabel: 'Repair delay' });
    expect(created.body.timeline).toEqual([
      expect.objectContaining({ label: 'Grievance registered', actor: 'CUSTOMER' }),
    ]);
    expectShape(await call(host.url, 'GET', `/grievances/${grievanceId}`, { token }), RESPONSES.Grievance);
    expectShape(await call(host.url, 'GET', '/grievances', { token }), RESPONSES.GrievanceList);
  });

  it('Grievance (staff view) with staff ids, notes and the resolution', async () => {
    const note = await call<{ timeline: Timeline[] }>(
      host.url,
      'POST',
      `/staff/grievances/${grievanceId}/responses`,
      {
        token: desk,
        body: { message: 'Called the centre.', internal: true },
      },
    );
    expectShape(note, RESPONSES.Grievance);
    expect(note.body.timeline.at(-1)).toMatchObject({
      type: 'NOTE',
      label: 'Internal note',
      staffId: 'desk-1',
    });
    const resolved = await call<{ statusLabel: string; resolution: unknown; timeline: Timeline[] }>(
      host.url,
      'POST',
      `/staff/grievances/${grievanceId}/responses`,
      { token: desk, body: { message: 'Your phone is ready.', resolve: true } },
    );
    expectShape(resolved, RESPONSES.Grievance);
    expect(resolved.body.statusLabel).toBe('Resolved');
    expect(resolved.body.resolution).toMatchObject({ level: 1, withinSla: true });
    expect(resolved.body.timeline.at(-1)).toMatchObject({ label: 'Resolved by Grievance Desk' });
    expectShape(
      await call(host.url, 'GET', `/staff/grievances/${grievanceId}`, { token: desk }),
      RESPONSES.Grievance,
    );
    expectShape(
      await call(host.url, 'GET', '/staff/grievances?status=RESOLVED', { token: desk }),
      RESPONSES.GrievanceQueuePage,
    );
  });

  it('Grievance after feedback, customer view without staff ids or notes', async () => {
    const r = await call<{ timeline: Timeline[] }>(host.url, 'POST', `/grievances/${grievanceId}/feedback`, {
      token,
      body: { satisfied: false, rating: 2, comment: 'Still slow.' },
    });
    expectShape(r, RESPONSES.Grievance);
    expect(r.body.timeline.map((e) => e.type)).not.toContain('NOTE');
    for (const e of r.body.timeline) expect(e).not.toHaveProperty('staffId');
    expect(r.body.timeline.at(-1)).toMatchObject({
      label: 'Escalated to Head of Customer Service',
      actor: 'CUSTOMER',
    });
  });

  it('ServiceOrder, staff and customer views: actor STAFF everywhere, staffId for staff only', async () => {
    const created = await call<{ id: string; timeline: Timeline[] }>(
      host.url,
      'POST',
      '/staff/service-orders',
      {
        token: sc,
        body: {
          customer: { name: 'Asha Rao', phone },
          device: { model: 'Pixel 9' },
          issue: 'No sound',
          serviceCentre: 'Pune',
          estimatedReadyAt: `${new Date().getUTCFullYear() + 1}-01-10T09:00:00+05:30`,
        },
      },
    );
    expectShape(created, RESPONSES.ServiceOrder, 201);
    orderId = created.body.id;
    expect(created.body.timeline[0]).toMatchObject({ actor: 'STAFF', staffId: 'sc-1' });
    const moved = await call(host.url, 'POST', `/staff/service-orders/${orderId}/status`, {
      token: sc,
      body: { status: 'WORK_IN_PROGRESS', note: 'Speaker replaced.' },
    });
    expectShape(moved, RESPONSES.ServiceOrder);
    expectShape(
      await call(host.url, 'GET', `/staff/service-orders/${orderId}`, { token: sc }),
      RESPONSES.ServiceOrder,
    );
    const customer = await call<{ timeline: Timeline[] }>(host.url, 'GET', `/service-orders/${orderId}`, {
      token,
    });
    expectShape(customer, RESPONSES.ServiceOrder);
    for (const e of customer.body.timeline) {
      expect(e.actor).toBe('STAFF');
      expect(e).not.toHaveProperty('staffId');
    }
  });

  it('the service orders and grievances embedded in POST /otp/verify', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // the number's resend cool-down since its first code
    const otp = await call<{ challengeId: string }>(host.url, 'POST', '/otp', {
      body: { identifierType: 'SERVICE_ORDER', identifier: orderId },
    });
    expectShape(otp, RESPONSES.OtpChallenge, 202);
    const verified = await call<{ serviceOrders: unknown[]; grievances: unknown[] }>(
      host.url,
      'POST',
      '/otp/verify',
      {
        body: { challengeId: otp.body.challengeId, code: codeFrom(await lastSms(host.url, phone)) },
      },
    );
    expect(verified.status).toBe(200);
    expect(verified.body.serviceOrders).toHaveLength(1);
    for (const o of verified.body.serviceOrders)
      expect(RESPONSES.ServiceOrder.safeParse(o).success).toBe(true);
    expect(verified.body.grievances).toHaveLength(1);
    expect(RESPONSES.Session.safeParse(verified.body).error).toBeUndefined();
  });
});
