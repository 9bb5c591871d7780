import { SignedCursors } from '../../lambdas/adapters/dynamodb/cursor';
import { DynamoGrievanceRepository } from '../../lambdas/adapters/dynamodb/grievance-repository';
import {
  DynamoServiceOrderReader,
  DynamoServiceOrderWriter,
} from '../../lambdas/adapters/dynamodb/service-order-repository';
import { DynamoTokenRepository } from '../../lambdas/adapters/dynamodb/token-repository';
import type { Grievance, Level } from '../../lambdas/domain/grievance';
import { createGrievance, escalateOnDeadline } from '../../lambdas/domain/grievance-rules';
import type { ServiceOrder, ServiceOrderStatus } from '../../lambdas/domain/service-order';
import { changeStatus, createServiceOrder } from '../../lambdas/domain/service-order-rules';
import { ValidationError } from '../../lambdas/errors';
import type { ServiceOrderListQuery } from '../../lambdas/ports/service-orders';
import { createTestTable, type TestTable } from '../support/dynamo';
import { SETTINGS, T0 } from '../support/grievances';

const cursors = new SignedCursors(async () => 'integration-test-cursor-key');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Every DynamoDB command a client sends, by name. */
function recordCommands(table: TestTable): string[] {
  const sent: string[] = [];
  table.doc.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return sent;
}

describe('the list and search queries on DynamoDB Local', () => {
  let table: TestTable;
  /** The staff list, as the list function reads it; writes through the writer the create and status functions use. */
  let orders: DynamoServiceOrderReader;
  let orderWriter: DynamoServiceOrderWriter;
  let grievances: DynamoGrievanceRepository;
  let sent: string[];

  beforeAll(async () => {
    table = await createTestTable('lists');
    orders = new DynamoServiceOrderReader(table.doc, table.name, cursors);
    orderWriter = new DynamoServiceOrderWriter(table.doc, table.name);
    grievances = new DynamoGrievanceRepository(table.doc, table.name, cursors);
    sent = recordCommands(table);
  });
  afterAll(async () => {
    await table.drop();
  });
  afterEach(() => {
    // Every list and search is a key read or an index query: never a Scan.
    expect(sent.filter((c) => c === 'ScanCommand')).toEqual([]);
    sent.length = 0;
  });

  describe('service orders', () => {
    const made: ServiceOrder[] = [];
    const centres = ['Chennai Central', 'Pune Camp', 'chennai  central'];
    const statuses: ServiceOrderStatus[] = ['UNDER_INSPECTION', 'WORK_IN_PROGRESS', 'READY_FOR_DELIVERY'];

    beforeAll(async () => {
      for (let i = 0; i < 12; i++) {
        let o = createServiceOrder(
          {
            id: `SOLIST${String(i).padStart(6, '0')}`,
            ...(i === 4 ? { purchaseOrderNumber: 'PO-LIST-4' } : {}),
            customer: {
              name: 'C',
              phone: i % 3 === 0 ? '+919876511111' : `+9198765${String(i).padStart(5, '2')}`,
            },
            device: {
              model: 'Phone',
              ...(i === 5 ? { imei: '356938035643809' } : { serialNumber: `SERIAL${i}X` }),
            },
            issue: 'Screen',
            serviceCentre: centres[i % 3] ?? 'Chennai Central',
          },
          at(i),
          'sc',
        );
        // Some move on, later: their updatedAt is newer than later-created orders'.
        const target = statuses[i % 3] ?? 'UNDER_INSPECTION';
        if (target !== 'UNDER_INSPECTION')
          o = changeStatus(o, { status: 'WORK_IN_PROGRESS', staffId: 'sc' }, at(100 + i));
        if (target === 'READY_FOR_DELIVERY')
          o = changeStatus(o, { status: 'READY_FOR_DELIVERY', staffId: 'sc' }, at(200 - i));
        await orderWriter.create(o);
        made.push(o);
      }
      sent.length = 0;
    });

    const recent = (list: ServiceOrder[]) =>
      [...list]
        .sort((a, b) => `${b.updatedAt}#${b.id}`.localeCompare(`${a.updatedAt}#${a.id}`))
        .map((o) => o.id);

    async function everyPage(query: Omit<ServiceOrderListQuery, 'cursor'>): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await orders.list({ ...query, cursor });
        pages.push(page.items.map((o) => o.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && pages.length < 50);
      return pages;
    }

    it('lists every order most recently updated first, in pages, without gaps, repeats or an empty last page', async () => {
      const pages = await everyPage({ limit: 5 });
      expect(pages.flat()).toEqual(recent(made));
      expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
      expect(sent).toEqual(expect.arrayContaining(['QueryCommand']));
      expect(new Set(sent)).toEqual(new Set(['QueryCommand']));
    });

    it('lists one status through its own partition', async () => {
      const pages = await everyPage({ status: 'WORK_IN_PROGRESS', limit: 2 });
      expect(pages.flat()).toEqual(recent(made.filter((o) => o.status === 'WORK_IN_PROGRESS')));
    });

    it('lists a service centre, its name read without regard to case or spacing, by status or all', async () => {
      const chennai = made.filter(
        (o) => o.serviceCentre.toLowerCase().replace(/\s+/g, ' ') === 'chennai central',
      );
      expect((await everyPage({ serviceCentre: 'CHENNAI CENTRAL', limit: 3 })).flat()).toEqual(
        recent(chennai),
      );
      expect(
        (
          await everyPage({ serviceCentre: 'Chennai Central', status: 'READY_FOR_DELIVERY', limit: 3 })
        ).flat(),
      ).toEqual(recent(chennai.filter((o) => o.status === 'READY_FOR_DELIVERY')));
      expect((await everyPage({ serviceCentre: 'Nowhere', limit: 3 })).flat()).toEqual([]);
    });

    it('moves an order between status partitions when its status changes', async () => {
      const o = made[0] as ServiceOrder;
      const next = changeStatus(o, { status: 'CANCELLED', staffId: 'sc' }, at(500));
      await orderWriter.updateStatus(next, { status: o.status, updatedAt: o.updatedAt });
      made[0] = next;
      expect((await orders.list({ status: 'CANCELLED', limit: 10 })).items.map((x) => x.id)).toEqual([o.id]);
      expect((await orders.list({ status: o.status, limit: 50 })).items.map((x) => x.id)).not.toContain(o.id);
      expect((await orders.list({ limit: 1 })).items[0]).toEqual(next);
    });

    it('searches by id, purchase order, phone, IMEI and serial number, within the filters given', async () => {
      const ids = async (query: Omit<ServiceOrderListQuery, 'limit'>) =>
        (await orders.list({ limit: 50, ...query })).items.map((o) => o.id);
      expect(await ids({ matches: [{ by: 'SERVICE_ORDER', value: 'SOLIST000007' }] })).toEqual([
        'SOLIST000007',
      ]);
      expect(await ids({ matches: [{ by: 'PURCHASE_ORDER', value: 'PO-LIST-4' }] })).toEqual([
        'SOLIST000004',
      ]);
      expect(await ids({ matches: [{ by: 'IMEI', value: '356938035643809' }] })).toEqual(['SOLIST000005']);
      expect(await ids({ matches: [{ by: 'SERIAL', value: 'serial8x' }] })).toEqual(['SOLIST000008']);
      const samePhone = made.filter((o) => o.customer.phone === '+919876511111');
      expect(await ids({ matches: [{ by: 'PHONE', value: '+919876511111' }] })).toEqual(recent(samePhone));
      expect(
        await ids({ matches: [{ by: 'PHONE', value: '+919876511111' }], status: 'UNDER_INSPECTION' }),
      ).toEqual(recent(samePhone.filter((o) => o.status === 'UNDER_INSPECTION')));
      // A term read as several identifiers: the union, each order once.
      expect(
        await ids({
          matches: [
            { by: 'SERVICE_ORDER', value: 'SOLIST000007' },
            { by: 'SERIAL', value: 'SERIAL7X' },
          ],
        }),
      ).toEqual(['SOLIST000007']);
      expect(new Set(sent)).toEqual(new Set(['GetItemCommand', 'QueryCommand']));
    });

    it('pages a search, and refuses its cursor for another search or filter', async () => {
      const matches = [{ by: 'PHONE' as const, value: '+919876511111' }];
      const first = await orders.list({ matches, limit: 2 });
      expect(first.items).toHaveLength(2);
      const second = await orders.list({ matches, limit: 2, cursor: first.nextCursor ?? '' });
      expect([...first.items, ...second.items].map((o) => o.id)).toEqual(
        recent(made.filter((o) => o.customer.phone === '+919876511111')),
      );
      await expect(
        orders.list({ matches, status: 'CANCELLED', limit: 2, cursor: first.nextCursor ?? '' }),
      ).rejects.toBeInstanceOf(ValidationError);
      const listCursor = (await orders.list({ limit: 2 })).nextCursor ?? '';
      await expect(orders.list({ status: 'DELIVERED', limit: 2, cursor: listCursor })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });
  });

  describe('grievances', () => {
    const phone = '+919812300077';
    let filed: Grievance[];

    function file(i: number, extra: { serviceOrderId?: string; phone?: string } = {}): Grievance {
      return createGrievance(
        {
          customer: { name: 'A', phone: extra.phone ?? phone },
          category: 'OTHER',
          description: 'A description long enough.',
          channel: 'WEB',
          ...(extra.serviceOrderId ? { serviceOrderId: extra.serviceOrderId } : {}),
        },
        { id: `GRV-LIST${String(i).padStart(4, '0')}`, now: at(i), actor: 'CUSTOMER' },
        SETTINGS,
      ).grievance;
    }
    function escalated(g: Grievance, level: Level): Grievance {
      let current = g;
      while (current.level < level) {
        const d = escalateOnDeadline(
          current,
          { grievanceId: current.id, level: current.level, dueAt: current.dueAt ?? '' },
          new Date(current.dueAt ?? ''),
          SETTINGS,
        );
        if (d.kind !== 'CHANGE') throw new Error('no escalation');
        current = d.change.grievance;
      }
      return current;
    }

    beforeAll(async () => {
      filed = [
        file(1),
        file(2, { serviceOrderId: 'SOLIST000001' }),
        escalated(file(3, { serviceOrderId: 'SOLIST000001' }), 2),
        file(4),
        file(5),
        file(6, { serviceOrderId: 'SOLIST000001', phone: '+919812300078' }),
      ];
      for (const g of filed) await grievances.create(g);
      sent.length = 0;
    });

    it("pages a phone's grievances newest first, and refuses the cursor for another phone", async () => {
      const mine = filed
        .filter((g) => g.customer.phone === phone)
        .map((g) => g.id)
        .reverse();
      const first = await grievances.pageByPhone(phone, { limit: 3 });
      expect(first.items.map((g) => g.id)).toEqual(mine.slice(0, 3));
      const second = await grievances.pageByPhone(phone, { limit: 3, cursor: first.nextCursor ?? '' });
      expect(second.items.map((g) => g.id)).toEqual(mine.slice(3));
      expect(second.nextCursor).toBeNull();
      // Exactly a page left: no cursor to an empty page.
      const exact = await grievances.pageByPhone(phone, { limit: 5 });
      expect(exact.items).toHaveLength(5);
      expect(exact.nextCursor).toBeNull();
      await expect(
        grievances.pageByPhone('+919812300078', { limit: 3, cursor: first.nextCursor ?? '' }),
      ).rejects.toBeInstanceOf(ValidationError);
    });

    it('finds the grievances about a service order through byParent, newest first, within the levels given', async () => {
      const search = (levels: Level[]) =>
        grievances.search({
          matches: [{ by: 'SERVICE_ORDER', serviceOrderId: 'SOLIST000001' }],
          levels,
          limit: 10,
        });
      expect((await search([1, 2, 3])).items.map((g) => g.id)).toEqual([
        'GRV-LIST0006',
        'GRV-LIST0003',
        'GRV-LIST0002',
      ]);
      expect((await search([1])).items.map((g) => g.id)).toEqual(['GRV-LIST0006', 'GRV-LIST0002']);
      expect(sent).toEqual(['QueryCommand', 'QueryCommand']);
    });

    it('finds by grievance id and by phone, with the filters given, and pages the result', async () => {
      const byId = await grievances.search({
        matches: [{ by: 'GRIEVANCE', id: 'GRV-LIST0004' }],
        levels: [1],
        limit: 5,
      });
      expect(byId.items.map((g) => g.id)).toEqual(['GRV-LIST0004']);
      const first = await grievances.search({ matches: [{ by: 'PHONE', phone }], levels: [1, 2], limit: 2 });
      const rest = await grievances.search({
        matches: [{ by: 'PHONE', phone }],
        levels: [1, 2],
        limit: 10,
        cursor: first.nextCursor ?? '',
      });
      expect([...first.items, ...rest.items].map((g) => g.id)).toEqual([
        'GRV-LIST0005',
        'GRV-LIST0004',
        'GRV-LIST0003',
        'GRV-LIST0002',
        'GRV-LIST0001',
      ]);
      const resolvedOnly = await grievances.search({
        matches: [{ by: 'PHONE', phone }],
        levels: [1, 2],
        status: 'RESOLVED',
        limit: 10,
      });
      expect(resolvedOnly.items).toEqual([]);
    });
  });

  describe('customer tokens', () => {
    it('refuses a token at once after it is revoked', async () => {
      const tokens = new DynamoTokenRepository(table.doc, table.name);
      const expiresAt = new Date(Date.now() + 600_000).toISOString();
      await tokens.save('a-very-random-token-value', { phone: '+919812300077', expiresAt });
      expect(await tokens.find('a-very-random-token-value', new Date())).toEqual({
        phone: '+919812300077',
        expiresAt,
      });
      await tokens.revoke('a-very-random-token-value');
      expect(await tokens.find('a-very-random-token-value', new Date())).toBeUndefined();
      await expect(tokens.revoke('a-very-random-token-value')).resolves.toBeUndefined();
    });
  });
});
