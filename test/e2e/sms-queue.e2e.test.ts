import { randomUUID } from 'node:crypto';
import { type SmsSender, SmsThrottledError, SmsUndeliverableError } from '../../lambdas/ports/sms';
import type { LocalHost } from '../../local/host';
import { call, createServiceOrder, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

interface LocalSms {
  messages: { to: string; body: string; sentAt: string }[];
  queued: { to: string; body: string; queuedAt: string }[];
  undeliverable: { to: string; body: string; reason: string }[];
  deadLettered: { to: string; body: string; reason: string }[];
}

type Timeline = { timeline: { type: string; label: string; reason?: string; message?: string }[] };

const phone = (n: number) => `+9198123${String(n).padStart(5, '0')}`;

/** Files a walk-in grievance for `to` (its acknowledgement is a queued SMS). */
async function fileGrievance(host: LocalHost, token: string, to: string) {
  const filed = await call<{ id: string }>(host.url, 'POST', '/staff/grievances', {
    token,
    body: {
      name: 'Ravi Kumar',
      phone: to,
      category: 'REPAIR_DELAY',
      description: 'My phone has been at the centre for two weeks.',
      channel: 'SERVICE_CENTRE',
    },
  });
  expect(filed.status).toBe(201);
  return filed.body.id;
}

const outbox = async (host: LocalHost, to?: string) =>
  (await call<LocalSms>(host.url, 'GET', `/_local/sms${to ? `?to=${encodeURIComponent(to)}` : ''}`)).body;

describe('the local host SMS queue', () => {
  const hosts: LocalHost[] = [];
  afterAll(async () => {
    for (const h of hosts) await h.stop();
  });
  const start = async (options: Parameters<typeof startTestHost>[0]) => {
    const host = await startTestHost(options);
    hosts.push(host);
    return { host, desk: await staffToken(host.url, 'desk-1', ['grievance-desk']) };
  };

  it('shows what is queued apart from what was sent, and drains it in order at SMS_MAX_PER_SECOND', async () => {
    const { host, desk } = await start({ env: { SMS_MAX_PER_SECOND: '2' } });
    const to = phone(1);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await fileGrievance(host, desk, to));

    // As in AWS, a burst of one send per drainer container (SMS_DRAIN_CONCURRENCY, 1 here) went
    // out at once; the rest waits its turn.
    const during = await outbox(host, to);
    expect(during.messages.length).toBeGreaterThanOrEqual(1);
    expect(during.messages.length).toBeLessThan(6);
    expect(during.messages.length + during.queued.length).toBe(6);
    expect(during.queued[0]).toEqual({
      to,
      body: expect.stringContaining('registered'),
      queuedAt: expect.any(String),
    });

    await host.drainSms();
    const after = await outbox(host, to);
    expect(after.queued).toEqual([]);
    // Each acknowledgement once, in the order the grievances were filed.
    expect(after.messages.map((m) => ids.findIndex((id) => m.body.includes(id)))).toEqual([0, 1, 2, 3, 4, 5]);
    // Two a second: the four after the second took at least 1.5 s (timer slack aside).
    const times = after.messages.map((m) => Date.parse(m.sentAt));
    expect((times[5] as number) - (times[1] as number)).toBeGreaterThanOrEqual(1500);
  });

  it('records an SMS the gateway refuses for good on the grievance, for staff only, and does not retry it', async () => {
    const optedOut = phone(2);
    const attempts: string[] = [];
    const smsGateway = (deliver: SmsSender): SmsSender => ({
      send: async (m) => {
        // OTPs go through the same gateway; only the grievance texts are refused.
        if (m.to === optedOut && m.kind !== 'OTP') {
          attempts.push(m.kind);
          throw new SmsUndeliverableError('OPTED_OUT', 'Phone number is opted out');
        }
        await deliver.send(m);
      },
    });
    const { host, desk } = await start({ smsGateway });
    const id = await fileGrievance(host, desk, optedOut);
    await host.drainSms();

    const sms = await outbox(host, optedOut);
    expect(sms.messages).toEqual([]);
    expect(sms.undeliverable).toEqual([
      expect.objectContaining({ to: optedOut, body: expect.stringContaining(id), reason: 'OPTED_OUT' }),
    ]);
    expect(attempts).toEqual(['GRIEVANCE_REGISTERED']);

    const staff = await call<Timeline & { status: string }>(host.url, 'GET', `/staff/grievances/${id}`, {
      token: desk,
    });
    expect(staff.body.status).toBe('OPEN');
    expect(staff.body.timeline.at(-1)).toMatchObject({
      type: 'SMS_NOT_DELIVERED',
      reason: 'OPTED_OUT',
      label: 'Customer not told: SMS failed (the number opted out of SMS)',
      message: `grievance registered SMS to ${optedOut} was not sent`,
    });
  });

  it('records an SMS about a service order that cannot be sent beside the order, for staff only', async () => {
    const invalid = phone(6);
    const smsGateway = (deliver: SmsSender): SmsSender => ({
      send: async (m) => {
        if (m.to === invalid && m.kind !== 'OTP')
          throw new SmsUndeliverableError('INVALID_NUMBER', 'Invalid parameter: PhoneNumber');
        await deliver.send(m);
      },
    });
    const { host } = await start({ smsGateway });
    const centre = await staffToken(host.url, 'centre-1', ['service-centre']);
    const created = await createServiceOrder(host.url, centre, { phone: invalid });
    expect(created.status).toBe(201);
    await host.drainSms();
    expect((await outbox(host, invalid)).undeliverable).toEqual([
      expect.objectContaining({ reason: 'INVALID_NUMBER', body: expect.stringContaining(created.body.id) }),
    ]);
    const staff = await call<{ status: string; smsNotDelivered?: unknown[] }>(
      host.url,
      'GET',
      `/staff/service-orders/${created.body.id}`,
      { token: centre },
    );
    expect(staff.body.status).toBe('UNDER_INSPECTION');
    expect(staff.body.smsNotDelivered).toEqual([
      {
        at: expect.any(String),
        kind: 'SERVICE_ORDER_REGISTERED',
        to: invalid,
        reason: 'INVALID_NUMBER',
        label: 'Customer not told: SMS failed (the number cannot receive SMS)',
      },
    ]);
  });

  it('puts a throttled SMS back with a backoff and sends it once the gateway takes it', async () => {
    let refusals = 2;
    const smsGateway = (deliver: SmsSender): SmsSender => ({
      send: async (m) => {
        if (m.kind !== 'OTP' && refusals-- > 0) throw new SmsThrottledError('Rate exceeded');
        await deliver.send(m);
      },
    });
    const { host, desk } = await start({ smsGateway });
    const to = phone(3);
    const id = await fileGrievance(host, desk, to);
    expect((await outbox(host, to)).queued).toHaveLength(1);
    await host.drainSms();
    const sms = await outbox(host, to);
    expect(sms.messages.filter((m) => m.body.includes(id))).toHaveLength(1);
    expect(sms.queued).toEqual([]);
    expect(refusals).toBeLessThan(0);
  }, 30_000);

  it('dead-letters an SMS that keeps failing after five tries', async () => {
    const failing = phone(4);
    let tries = 0;
    const smsGateway = (deliver: SmsSender): SmsSender => ({
      send: async (m) => {
        if (m.to === failing) {
          tries++;
          throw new Error('SMS provider down');
        }
        await deliver.send(m);
      },
    });
    const { host, desk } = await start({ smsGateway });
    await fileGrievance(host, desk, failing);
    await host.drainSms();
    const sms = await outbox(host, failing);
    expect(tries).toBe(5);
    expect(sms.deadLettered).toEqual([expect.objectContaining({ to: failing, reason: 'SMS provider down' })]);
    expect(sms.messages).toEqual([]);
    expect(sms.queued).toEqual([]);
  }, 30_000);

  it('keeps queued SMS in the table, so a restarted host sends them', async () => {
    const tableName = `e2e-sms-restart-${randomUUID()}`;
    const first = await startTestHost({ tableName, env: { SMS_MAX_PER_SECOND: '1' } });
    const desk = await staffToken(first.url, 'desk-1', ['grievance-desk']);
    const to = phone(5);
    for (let i = 0; i < 3; i++) await fileGrievance(first, desk, to);
    const left = (await outbox(first, to)).queued.length;
    await first.stop();
    expect(left).toBeGreaterThan(0);

    const { host: second } = await start({ tableName });
    await second.drainSms();
    expect((await outbox(second, to)).messages).toHaveLength(left);
  });
});
