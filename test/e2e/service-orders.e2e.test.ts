import type { LocalHost } from '../../local/host';
import { call, codeFrom, customerToken, type HttpResult, lastSms, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

type Json = Record<string, unknown>;
type Order = {
  id: string;
  status: string;
  statusLabel: string;
  statusDescription: string;
  customer: { name: string; phone: string };
  device: { model: string; imei?: string; serialNumber?: string };
  timeline: { at: string; status: string; note?: string; actor?: string }[];
} & Json;

/** A 15-digit IMEI: the 14 given digits plus their Luhn check digit. */
function imei(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(first14[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${first14}${(10 - (sum % 10)) % 10}`;
}

const PHONE_A = '+919800000101';
const PHONE_B = '+919800000102';
const IMEI_A = imei('35693803564380');

const LABELS: Record<string, [string, string]> = {
  UNDER_INSPECTION: ['Under inspection', 'Your device is being checked'],
  WORK_IN_PROGRESS: ['Work in progress', 'Your device is getting repaired'],
  READY_FOR_DELIVERY: ['Ready for delivery', 'Your device has been repaired and is ready for delivery'],
  DELIVERED: ['Delivered', 'You have accepted the delivery of your device'],
};

describe('repair tracking over HTTP on the local host', () => {
  let host: LocalHost;
  let serviceCentre: string;

  beforeAll(async () => {
    host = await startTestHost({ env: { OTP_LOOKUP_MIN_MS: '20' } });
    serviceCentre = await staffToken(host.url, 'sc-1', ['service-centre']);
  });
  afterAll(async () => {
    await host?.stop();
  });

  const createOrder = (body: Json, token = serviceCentre) =>
    call<Order>(host.url, 'POST', '/staff/service-orders', { body, token });
  const orderBody = (phone: string, device: Json, extra: Json = {}) => ({
    customer: { name: 'Asha Rao', phone },
    device: { model: 'Pixel 9', ...device },
    issue: 'The screen flickers',
    serviceCentre: 'Bengaluru MG Road',
    ...extra,
  });
  const requestCode = (identifierType: string, identifier: string) =>
    call<Record<string, string>>(host.url, 'POST', '/otp', { body: { identifierType, identifier } });
  const verify = (challengeId: string | undefined, code: string) =>
    call<{ accessToken: string; phone: string; serviceOrders: Order[] }>(host.url, 'POST', '/otp/verify', {
      body: { challengeId, code },
    });
  const changeStatus = (id: string, body: Json, token = serviceCentre) =>
    call<Order>(host.url, 'POST', `/staff/service-orders/${id}/status`, { body, token });
  const smsTo = (phone: string) => host.outbox.sms.filter((m) => m.to === phone);

  describe('one order for phone A, from creation to delivery', () => {
    let order: Order;
    let customerA: string;

    it('lets a service centre create an order; the id is generated and phone A is told by SMS', async () => {
      const created = await createOrder(
        orderBody(PHONE_A, { imei: IMEI_A }, { estimatedReadyAt: '2026-12-01T10:00:00Z' }),
      );
      expect(created.status).toBe(201);
      order = created.body;
      expect(order.id).toMatch(/^SO[2-9A-HJKMNP-TV-Z]{10}$/);
      expect(created.headers.get('location')).toBe(`/staff/service-orders/${order.id}`);
      expect(order).toMatchObject({
        status: 'UNDER_INSPECTION',
        statusLabel: 'Under inspection',
        statusDescription: 'Your device is being checked',
        customer: { name: 'Asha Rao', phone: PHONE_A },
        device: { model: 'Pixel 9', imei: IMEI_A },
        estimatedReadyAt: '2026-12-01T10:00:00.000Z',
      });
      expect(order.timeline).toEqual([{ at: order.createdAt, status: 'UNDER_INSPECTION', actor: 'sc-1' }]);
      const sms = await lastSms(host.url, PHONE_A);
      expect(sms?.body).toContain(order.id);
      expect(sms?.body).toContain('Under inspection');
      expect(sms?.body).toContain('Your device is being checked');
    });

    it('sends a code for the IMEI to phone A and verify returns that order', async () => {
      const before = smsTo(PHONE_A).length;
      const otp = await requestCode('IMEI', IMEI_A);
      expect(otp.status).toBe(202);
      expect(smsTo(PHONE_A)).toHaveLength(before + 1);
      const verified = await verify(otp.body.challengeId, codeFrom(await lastSms(host.url, PHONE_A)));
      expect(verified.status).toBe(200);
      expect(verified.body.phone).toBe(PHONE_A);
      expect(verified.body.serviceOrders.map((o) => o.id)).toEqual([order.id]);
      expect(verified.body.serviceOrders[0]?.timeline[0]).not.toHaveProperty('actor');
      customerA = verified.body.accessToken;
    });

    it('refuses the illegal jump from inspection to delivery with 409 naming the allowed statuses, and sends no SMS', async () => {
      const before = smsTo(PHONE_A).length;
      const r = await changeStatus(order.id, { status: 'DELIVERED' });
      expect(r.status).toBe(409);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expect(r.body.detail).toBe(
        'Cannot move from UNDER_INSPECTION to DELIVERED; allowed: WORK_IN_PROGRESS, CANCELLED',
      );
      expect(smsTo(PHONE_A)).toHaveLength(before);
    });

    it('walks all four statuses, adding to the timeline and sending an SMS with id, label and description each time', async () => {
      const steps = ['WORK_IN_PROGRESS', 'READY_FOR_DELIVERY', 'DELIVERED'] as const;
      for (const [i, status] of steps.entries()) {
        const before = smsTo(PHONE_A).length;
        const r = await changeStatus(order.id, { status, note: `step ${i + 1}` }, serviceCentre);
        expect(r.status).toBe(200);
        const [label, description] = LABELS[status] ?? ['', ''];
        expect(r.body).toMatchObject({
          id: order.id,
          status,
          statusLabel: label,
          statusDescription: description,
        });
        expect(r.body.timeline).toHaveLength(i + 2);
        expect(r.body.timeline.at(-1)).toMatchObject({ status, note: `step ${i + 1}`, actor: 'sc-1' });
        const sent = smsTo(PHONE_A);
        expect(sent).toHaveLength(before + 1);
        expect(sent.at(-1)?.body).toContain(order.id);
        expect(sent.at(-1)?.body).toContain(label);
        expect(sent.at(-1)?.body).toContain(description);
      }
      const messages = (
        await call<{ messages: { body: string }[] }>(
          host.url,
          'GET',
          `/_local/sms?to=${encodeURIComponent(PHONE_A)}`,
        )
      ).body.messages;
      for (const [label, description] of Object.values(LABELS))
        expect(
          messages.some((m) => m.body.includes(order.id) && m.body.includes(`${label} - ${description}`)),
        ).toBe(true);
    });

    it('refuses any change after delivery', async () => {
      const r = await changeStatus(order.id, { status: 'CANCELLED' });
      expect(r.status).toBe(409);
      expect(r.body.detail).toContain('allowed: none');
    });

    it('shows the staff view with who made each change', async () => {
      const r = await call<Order>(host.url, 'GET', `/staff/service-orders/${order.id}`, {
        token: serviceCentre,
      });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('DELIVERED');
      expect(r.body.timeline.map((e) => [e.status, e.actor])).toEqual([
        ['UNDER_INSPECTION', 'sc-1'],
        ['WORK_IN_PROGRESS', 'sc-1'],
        ['READY_FOR_DELIVERY', 'sc-1'],
        ['DELIVERED', 'sc-1'],
      ]);
    });

    it("shows phone A's token its order without staff details, typed in lower case too", async () => {
      const r = await call<Order>(host.url, 'GET', `/service-orders/${order.id.toLowerCase()}`, {
        token: customerA,
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: order.id, status: 'DELIVERED', statusLabel: 'Delivered' });
      expect(r.body.timeline).toHaveLength(4);
      for (const entry of r.body.timeline) expect(entry).not.toHaveProperty('actor');
    });

    it('answers 404 to a token for phone B, the same as for an order that does not exist', async () => {
      const customerB = await customerToken(host.url, PHONE_B);
      const foreign = await call(host.url, 'GET', `/service-orders/${order.id}`, { token: customerB });
      const missing = await call(host.url, 'GET', '/service-orders/SO2222222222', { token: customerB });
      expect(foreign.status).toBe(404);
      expect(foreign.headers.get('content-type')).toBe('application/problem+json');
      expect(missing.status).toBe(404);
      expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(missing.body).sort());
      expect(JSON.stringify(foreign.body)).not.toContain(PHONE_A);
    });

    it('asks a customer without a token for one', async () => {
      expect((await call(host.url, 'GET', `/service-orders/${order.id}`)).status).toBe(401);
    });
  });

  describe('lookup by every identifier', () => {
    it('finds an order by serial number (any case), purchase order number and service order id', async () => {
      const cases = [
        {
          phone: '+919800000201',
          device: { serialNumber: 'R58M12ABCD' },
          type: 'SERIAL',
          identifier: () => 'r58m12abcd',
        },
        {
          phone: '+919800000202',
          device: {},
          extra: { purchaseOrderNumber: 'PO-2026-0042' },
          type: 'PURCHASE_ORDER',
          identifier: () => 'PO-2026-0042',
        },
        { phone: '+919800000203', device: {}, type: 'SERVICE_ORDER', identifier: (id: string) => id },
      ];
      for (const c of cases) {
        const created = await createOrder(orderBody(c.phone, c.device, c.extra ?? {}));
        expect(created.status).toBe(201);
        const otp = await requestCode(c.type, c.identifier(created.body.id));
        expect(otp.status).toBe(202);
        const sms = await lastSms(host.url, c.phone);
        expect(sms?.body).toMatch(/verification code/);
        const verified = await verify(otp.body.challengeId, codeFrom(sms));
        expect(verified.status).toBe(200);
        expect(verified.body.serviceOrders.map((o) => o.id)).toEqual([created.body.id]);
      }
    });

    it('sends a code to each number on record for an IMEI with orders of two phones; each sees only its own', async () => {
      const shared = imei('49015420323751');
      const phones = ['+919800000301', '+919800000302'];
      const ids: string[] = [];
      for (const phone of phones) {
        const created = await createOrder(orderBody(phone, { imei: shared }));
        expect(created.status).toBe(201);
        ids.push(created.body.id);
      }
      const otp = await requestCode('IMEI', shared);
      expect(otp.status).toBe(202);
      const last = await Promise.all(phones.map((p) => lastSms(host.url, p)));
      for (const sms of last) expect(sms?.body).toMatch(/verification code/);
      const codes = last.map(codeFrom);
      const second = await verify(otp.body.challengeId, codes[1] ?? '');
      expect(second.status).toBe(200);
      expect(second.body.phone).toBe(phones[1]);
      expect(second.body.serviceOrders.map((o) => o.id)).toEqual([ids[1]]);
    });

    it('answers unknown identifiers of every type with the identical 202 and sends no SMS', async () => {
      const known = await requestCode(
        'SERVICE_ORDER',
        (await createOrder(orderBody('+919800000401', {}))).body.id,
      );
      expect(known.status).toBe(202);
      const before = host.outbox.sms.length;
      const unknown: HttpResult<Record<string, string>>[] = [];
      unknown.push(await requestCode('IMEI', imei('86000000000000')));
      unknown.push(await requestCode('SERIAL', 'NOSUCHSERIAL9'));
      unknown.push(await requestCode('SERVICE_ORDER', 'SO9999999999'));
      unknown.push(await requestCode('PURCHASE_ORDER', 'PO-NOT-THERE'));
      for (const r of unknown) {
        expect(r.status).toBe(202);
        expect(r.headers.get('content-type')).toBe(known.headers.get('content-type'));
        expect(Object.keys(r.body).sort()).toEqual(Object.keys(known.body).sort());
        expect(r.body.message).toBe(known.body.message);
      }
      expect(host.outbox.sms.length).toBe(before);
    });
  });

  describe('guards', () => {
    it('lets grievance staff read a service order but not create or change one (API.md v1.1)', async () => {
      const created = await createOrder(orderBody('+919800000501', {}));
      const desk = await staffToken(host.url, 'gd-1', ['grievance-desk']);
      const results = [
        await createOrder(orderBody('+919800000502', {}), desk),
        await call(host.url, 'GET', `/staff/service-orders/${created.body.id}`, { token: desk }),
        await changeStatus(created.body.id, { status: 'WORK_IN_PROGRESS' }, desk),
      ];
      expect(results.map((r) => r.status)).toEqual([403, 200, 403]);
      expect(smsTo('+919800000502')).toEqual([]);
      const admin = await staffToken(host.url, 'admin-1', ['admin']);
      expect((await changeStatus(created.body.id, { status: 'CANCELLED' }, admin)).status).toBe(200);
    });

    it('names device.imei when the IMEI fails its check digit, and every other bad field', async () => {
      const r = await createOrder({
        customer: { name: 'X', phone: '12345' },
        device: { model: 'Pixel', imei: '490154203237519' },
        issue: 'broken',
        serviceCentre: 'Pune',
        estimatedReadyAt: 'tomorrow',
      });
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      const paths = (r.body.errors as { path: string }[]).map((e) => e.path).sort();
      expect(paths).toEqual(['customer.phone', 'device.imei', 'estimatedReadyAt']);
    });

    it('refuses an existing id with 409 and keeps the first order', async () => {
      const first = await createOrder(orderBody('+919800000601', {}, { id: 'SO7KQ2M9XH4R' }));
      expect(first.status).toBe(201);
      const second = await createOrder(orderBody('+919800000602', {}, { id: 'so7kq2m9xh4r' }));
      expect(second.status).toBe(409);
      const stored = await call<Order>(host.url, 'GET', '/staff/service-orders/SO7KQ2M9XH4R', {
        token: serviceCentre,
      });
      expect(stored.body.customer.phone).toBe('+919800000601');
      expect(smsTo('+919800000602')).toEqual([]);
    });

    it('answers 404 for a status change on an unknown order and 400 for an unknown status', async () => {
      expect((await changeStatus('SO3333333333', { status: 'WORK_IN_PROGRESS' })).status).toBe(404);
      const bad = await changeStatus('SO3333333333', { status: 'FIXED' });
      expect(bad.status).toBe(400);
      expect((bad.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['status']);
    });
  });
});
