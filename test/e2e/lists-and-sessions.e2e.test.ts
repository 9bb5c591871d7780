import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SignedCursors } from '../../lambdas/adapters/dynamodb/cursor';
import { DynamoGrievanceRepository } from '../../lambdas/adapters/dynamodb/grievance-repository';
import type { Grievance } from '../../lambdas/domain/grievance';
import { createGrievance, escalateOnDeadline } from '../../lambdas/domain/grievance-rules';
import type { LocalHost } from '../../local/host';
import { SETTINGS } from '../support/grievances';
import { call, customerToken, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

interface Page {
  items: { id: string; updatedAt: string; createdAt: string; timeline?: unknown; level?: number }[];
  nextCursor: string | null;
}
interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}

const PHONE = '+919812377001';
const OTHER_PHONE = '+919812377002';
const IMEI = '490154203237518';

/** Eleven ways to spoil a cursor the API gave out, and two cursors of other queries. */
function forgeries(good: string, foreign: string[]): [string, string][] {
  const [payload = '', tag = ''] = good.split('.');
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const decoded = Buffer.from(payload, 'base64url').toString('utf8');
  // The same position with one more member: valid JSON, a different payload.
  const edited = Buffer.from(decoded.replace(/}$/, ',"x":1}')).toString('base64url');
  if (edited === payload) throw new Error('the edit changed nothing');
  return [
    ['an edited payload, old tag', `${edited}.${tag}`],
    ['a flipped payload character', `${flip(payload, 3)}.${tag}`],
    ['a flipped tag character', `${payload}.${flip(tag, 7)}`],
    ['the payload alone', payload],
    ['a truncated tag', `${payload}.${tag.slice(0, 20)}`],
    ['a tag of another length', `${payload}.${tag}AA`],
    ['the unsigned JSON', Buffer.from(decoded).toString('base64url')],
    ['plain text', 'bogus'],
    ['a JSON object', '{"p":{}}'],
    ['a SQL-ish string', "' OR 1=1 --"],
    ['a very long cursor', `${'A'.repeat(3990)}.${tag}`],
    ...foreign.map((f, i): [string, string] => [`a cursor of another query #${i + 1}`, f]),
  ];
}

describe('sessions, lists and searches over HTTP on the local host', () => {
  let host: LocalHost;
  let customer: string;
  let centre: string;
  let desk: string;
  let head: string;
  let admin: string;
  const orders: { id: string }[] = [];
  const levelTwo = 'GRV-E2ELEVEL2X';

  const get = <T = Record<string, unknown>>(path: string, token?: string) =>
    call<T>(host.url, 'GET', path, token ? { token } : {});

  async function createOrder(phone: string, extra: Record<string, unknown> = {}, centreName = 'Pune Camp') {
    const r = await call<{ id: string }>(host.url, 'POST', '/staff/service-orders', {
      token: centre,
      body: {
        customer: { name: 'Meera', phone },
        device: { model: 'Phone 12' },
        issue: 'Charging port loose',
        serviceCentre: centreName,
        ...extra,
      },
    });
    if (r.status !== 201) throw new Error(`create order: ${r.status} ${r.text}`);
    return r.body;
  }

  beforeAll(async () => {
    // Several tokens for one phone within seconds: no resend cool-down here.
    host = await startTestHost({
      env: { OTP_LOOKUP_MIN_MS: '0', OTP_RESEND_SECONDS: '0' },
      sweepIntervalSeconds: 3600,
    });
    customer = await customerToken(host.url, PHONE);
    centre = await staffToken(host.url, 'sc-e2e', ['service-centre']);
    desk = await staffToken(host.url, 'desk-e2e', ['grievance-desk']);
    head = await staffToken(host.url, 'head-e2e', ['customer-service-head']);
    admin = await staffToken(host.url, 'admin-e2e', ['admin']);

    orders.push(await createOrder(PHONE, { purchaseOrderNumber: 'PO-E2E-1' }));
    orders.push(await createOrder(PHONE, { device: { model: 'Phone 12', imei: IMEI } }, 'Chennai Central'));
    orders.push(await createOrder(PHONE, { device: { model: 'Tab', serialNumber: 'TABE2E001' } }));
    orders.push(await createOrder(OTHER_PHONE));
    // The first order changes last: it is the most recently updated.
    const moved = await call(host.url, 'POST', `/staff/service-orders/${orders[0]?.id}/status`, {
      token: centre,
      body: { status: 'WORK_IN_PROGRESS' },
    });
    if (moved.status !== 200) throw new Error(`status change: ${moved.text}`);

    for (let i = 0; i < 3; i++) {
      const r = await call(host.url, 'POST', '/grievances', {
        token: customer,
        body: {
          name: 'Meera',
          category: 'REPAIR_DELAY',
          description: `Grievance number ${i} about my repair.`,
          channel: 'APP',
          ...(i === 0 ? { serviceOrderId: orders[0]?.id } : {}),
        },
      });
      if (r.status !== 201) throw new Error(`grievance: ${r.text}`);
    }
    // A level-2 grievance (escalated by its deadline), with a staff note, written straight into the table.
    const filed = createGrievance(
      {
        customer: { name: 'Meera', phone: PHONE },
        category: 'OTHER',
        description: 'Escalated already, for the level tests.',
        channel: 'WEB',
      },
      { id: levelTwo, now: new Date(Date.now() - 49 * 3_600_000), actor: 'CUSTOMER' },
      SETTINGS,
    ).grievance;
    const d = escalateOnDeadline(
      filed,
      { grievanceId: filed.id, level: 1, dueAt: filed.dueAt ?? '' },
      new Date(filed.dueAt ?? ''),
      SETTINGS,
    );
    if (d.kind !== 'CHANGE') throw new Error('expected an escalation');
    const g: Grievance = {
      ...d.change.grievance,
      timeline: [
        ...d.change.grievance.timeline,
        {
          at: new Date().toISOString(),
          type: 'NOTE',
          level: 2,
          actor: 'STAFF',
          message: 'internal',
          staffId: 'x',
        },
      ],
    };
    const client = new DynamoDBClient({ endpoint: host.dynamoEndpoint });
    try {
      const repo = new DynamoGrievanceRepository(
        DynamoDBDocumentClient.from(client),
        host.tableName,
        new SignedCursors(async () => 'unused'),
      );
      await repo.create(g);
    } finally {
      client.destroy();
    }
  });
  afterAll(async () => {
    await host?.stop();
  });

  describe('the session', () => {
    it("answers the token's phone and expiry", async () => {
      const r = await get<{ phone: string; expiresAt: string }>('/session', customer);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ phone: PHONE, expiresAt: expect.stringMatching(/Z$/) });
      expect(Date.parse(r.body.expiresAt)).toBeGreaterThan(Date.now());
    });

    it('is 401 without a token, and 400 for an unknown query parameter', async () => {
      expect((await get('/session')).status).toBe(401);
      const r = await get<Problem>('/session?debug=1', customer);
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ path: 'debug', message: expect.any(String) }]);
    });

    it("revokes the token at once on logout (204), and leaves the same phone's other tokens alone", async () => {
      const doomed = await customerToken(host.url, PHONE);
      const other = await customerToken(host.url, PHONE);
      expect((await get('/session', doomed)).status).toBe(200);
      const out = await call(host.url, 'POST', '/session/logout', { token: doomed });
      expect(out.status).toBe(204);
      expect(out.text).toBe('');
      expect((await get('/session', doomed)).status).toBe(401);
      expect((await get('/grievances', doomed)).status).toBe(401);
      expect((await call(host.url, 'POST', '/session/logout', { token: doomed })).status).toBe(401);
      expect((await get('/session', other)).status).toBe(200);
    });
  });

  describe("the customer's lists", () => {
    it('lists every order of the phone, most recently updated first, as summaries', async () => {
      const r = await get<Page>('/service-orders', customer);
      expect(r.status).toBe(200);
      expect(r.body.items.map((o) => o.id)).toEqual([orders[0]?.id, orders[2]?.id, orders[1]?.id]);
      for (const o of r.body.items) expect(o).not.toHaveProperty('timeline');
      expect(r.body.items[0]).toMatchObject({ status: 'WORK_IN_PROGRESS', statusLabel: 'Work in progress' });
      expect((await get('/service-orders?limit=5', customer)).status).toBe(400);
      expect((await get('/service-orders')).status).toBe(401);
    });

    it('pages the grievances newest first, with a cursor until the last page', async () => {
      const first = await get<Page>('/grievances?limit=2', customer);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get<Page>(
        `/grievances?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
        customer,
      );
      expect(second.status).toBe(200);
      const all = [...first.body.items, ...second.body.items];
      expect(all).toHaveLength(4);
      expect(second.body.nextCursor).toBeNull();
      const created = all.map((g) => g.createdAt);
      expect(created).toEqual([...created].sort().reverse());
      expect((await get<Page>('/grievances', customer)).body.items).toHaveLength(4);
    });

    it("refuses another phone's cursor for the same list", async () => {
      const other = await customerToken(host.url, OTHER_PHONE);
      const mine = (await get<Page>('/grievances?limit=1', customer)).body.nextCursor ?? '';
      const r = await get<Problem>(`/grievances?limit=1&cursor=${encodeURIComponent(mine)}`, other);
      expect(r.status).toBe(400);
      expect(r.body.errors?.map((e) => e.path)).toEqual(['cursor']);
    });
  });

  describe('the staff service-order list', () => {
    it('lists every order most recently updated first, for service-centre, admin and each grievance group', async () => {
      for (const token of [centre, admin, desk, head]) {
        const r = await get<Page>('/staff/service-orders', token);
        expect(r.status).toBe(200);
        expect(r.body.items.map((o) => o.id)).toEqual([
          orders[0]?.id,
          orders[3]?.id,
          orders[2]?.id,
          orders[1]?.id,
        ]);
        expect(r.body.nextCursor).toBeNull();
      }
    });

    it('lets grievance groups read one order, but not create or change one', async () => {
      expect((await get(`/staff/service-orders/${orders[1]?.id}`, desk)).status).toBe(200);
      const create = await call(host.url, 'POST', '/staff/service-orders', {
        token: desk,
        body: {
          customer: { name: 'X', phone: OTHER_PHONE },
          device: { model: 'Y' },
          issue: 'Z',
          serviceCentre: 'Pune Camp',
        },
      });
      expect(create.status).toBe(403);
      const change = await call(host.url, 'POST', `/staff/service-orders/${orders[1]?.id}/status`, {
        token: head,
        body: { status: 'CANCELLED' },
      });
      expect(change.status).toBe(403);
    });

    it('filters by status and by service centre (any case), in pages', async () => {
      const wip = await get<Page>('/staff/service-orders?status=WORK_IN_PROGRESS', centre);
      expect(wip.body.items.map((o) => o.id)).toEqual([orders[0]?.id]);
      const pune = await get<Page>('/staff/service-orders?serviceCentre=pune%20camp&limit=2', centre);
      expect(pune.body.items.map((o) => o.id)).toEqual([orders[0]?.id, orders[3]?.id]);
      const rest = await get<Page>(
        `/staff/service-orders?serviceCentre=pune%20camp&limit=2&cursor=${encodeURIComponent(pune.body.nextCursor ?? '')}`,
        centre,
      );
      expect(rest.body.items.map((o) => o.id)).toEqual([orders[2]?.id]);
      expect(rest.body.nextCursor).toBeNull();
      const both = await get<Page>(
        '/staff/service-orders?serviceCentre=Chennai%20Central&status=UNDER_INSPECTION',
        centre,
      );
      expect(both.body.items.map((o) => o.id)).toEqual([orders[1]?.id]);
    });

    it.each([
      ['the order id (lower case)', () => (orders[2]?.id ?? '').toLowerCase(), () => [orders[2]?.id]],
      ['the purchase order number', () => 'PO-E2E-1', () => [orders[0]?.id]],
      ['the national phone number', () => '9812377001', () => [orders[0]?.id, orders[2]?.id, orders[1]?.id]],
      ['the E.164 phone number', () => '+919812377002', () => [orders[3]?.id]],
      ['the IMEI', () => IMEI, () => [orders[1]?.id]],
      ['the serial number (any case)', () => 'tabe2e001', () => [orders[2]?.id]],
      ['an identifier nothing has', () => 'SONOSUCHORDER', () => []],
    ])('finds by %s', async (_what, q, expected) => {
      const r = await get<Page>(`/staff/service-orders?q=${encodeURIComponent(q())}`, desk);
      expect(r.status).toBe(200);
      expect(r.body.items.map((o) => o.id)).toEqual(expected());
    });

    it('refuses unknown parameters, bad filters and a term that names nothing searchable (400)', async () => {
      for (const query of ['statu=DELIVERED', 'status=LOST', 'limit=0', 'limit=101', 'q=%3F%3F', 'q='])
        expect([query, (await get(`/staff/service-orders?${query}`, centre)).status]).toEqual([query, 400]);
    });
  });

  describe('the staff grievance queue, search and single grievance', () => {
    it('answers GET /staff/me for any staff token, with the level the caller works', async () => {
      const me = async (token: string) =>
        (await get<{ sub: string; groups: string[]; level: number | null }>('/staff/me', token)).body;
      expect(await me(desk)).toEqual({ sub: 'desk-e2e', groups: ['grievance-desk'], level: 1 });
      expect(await me(head)).toEqual({ sub: 'head-e2e', groups: ['customer-service-head'], level: 2 });
      expect(await me(admin)).toEqual({ sub: 'admin-e2e', groups: ['admin'], level: 3 });
      expect(await me(centre)).toEqual({ sub: 'sc-e2e', groups: ['service-centre'], level: null });
      expect((await get('/staff/me')).status).toBe(401);
    });

    it('refuses a level-2 grievance to the desk (403), and shows it with its notes to the head', async () => {
      const refused = await get<Problem>(`/staff/grievances/${levelTwo}`, desk);
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain('internal');
      const shown = await get<{ level: number; timeline: { type: string }[] }>(
        `/staff/grievances/${levelTwo}`,
        head,
      );
      expect(shown.status).toBe(200);
      expect(shown.body.level).toBe(2);
      expect(shown.body.timeline.map((e) => e.type)).toContain('NOTE');
    });

    it('refuses an unknown query parameter instead of ignoring it', async () => {
      const r = await get<Problem>('/staff/grievances?levle=3', head);
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ path: 'levle', message: expect.any(String) }]);
    });

    it('finds by phone (national or E.164), newest first, only at the levels the caller works', async () => {
      const byHead = await get<Page>('/staff/grievances?q=9812377001', head);
      expect(byHead.status).toBe(200);
      expect(byHead.body.items).toHaveLength(4);
      expect(byHead.body.items.map((g) => g.id)).toContain(levelTwo);
      const created = byHead.body.items.map((g) => g.createdAt);
      expect(created).toEqual([...created].sort().reverse());
      const byDesk = await get<Page>(`/staff/grievances?q=${encodeURIComponent(PHONE)}`, desk);
      expect(byDesk.body.items.map((g) => g.id)).not.toContain(levelTwo);
      expect(byDesk.body.items).toHaveLength(3);
    });

    it('finds by grievance id and by service order id', async () => {
      const byId = await get<Page>(`/staff/grievances?q=${levelTwo.toLowerCase()}`, head);
      expect(byId.body.items.map((g) => g.id)).toEqual([levelTwo]);
      expect((await get<Page>(`/staff/grievances?q=${levelTwo}`, desk)).body.items).toEqual([]);
      const byOrder = await get<Page>(`/staff/grievances?q=${orders[0]?.id}`, desk);
      expect(byOrder.body.items).toHaveLength(1);
      expect((await get('/staff/grievances?q=nothing%20searchable', desk)).status).toBe(400);
    });
  });

  describe('forged and foreign cursors', () => {
    it.each([
      [
        'the staff grievance queue',
        '/staff/grievances?limit=1',
        () => head,
        ['/staff/grievances?limit=1&level=1'],
      ],
      [
        'a staff grievance search',
        '/staff/grievances?limit=1&q=9812377001',
        () => head,
        ['/staff/grievances?limit=1'],
      ],
      [
        'the staff service-order list',
        '/staff/service-orders?limit=1',
        () => centre,
        [
          '/staff/service-orders?limit=1&status=UNDER_INSPECTION',
          '/staff/service-orders?limit=1&serviceCentre=Pune%20Camp',
        ],
      ],
      ["the customer's grievances", '/grievances?limit=1', () => customer, ['/staff/grievances?limit=1']],
    ])(
      'refuses every forged or foreign cursor of %s with a 400 naming cursor',
      async (_what, path, token, others) => {
        const first = await get<Page>(path, token());
        expect(first.status).toBe(200);
        const good = first.body.nextCursor ?? '';
        expect(good).not.toBe('');
        // The genuine cursor works, so the refusals below are about the cursor alone.
        expect((await get(`${path}&cursor=${encodeURIComponent(good)}`, token())).status).toBe(200);
        const foreign: string[] = [];
        for (const other of others) {
          const t = other.startsWith('/staff/') ? head : customer;
          const cursor = (await get<Page>(other, other.includes('service-orders') ? centre : t)).body
            .nextCursor;
          if (cursor) foreign.push(cursor);
        }
        const cases = forgeries(good, foreign);
        expect(cases.length).toBeGreaterThanOrEqual(12);
        for (const [what, cursor] of cases) {
          const r = await get<Problem>(`${path}&cursor=${encodeURIComponent(cursor)}`, token());
          expect([what, r.status, r.body?.errors?.map((e) => e.path)]).toEqual([what, 400, ['cursor']]);
          expect(r.headers.get('content-type')).toBe('application/problem+json');
        }
      },
    );
  });
});
