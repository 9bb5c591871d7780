import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoServiceOrderWriter } from '../../lambdas/adapters/dynamodb/service-order-repository';
import type { ServiceOrder } from '../../lambdas/domain/service-order';
import { changeStatus, createServiceOrder } from '../../lambdas/domain/service-order-rules';
import { ConflictError } from '../../lambdas/errors';
import { keys } from '../../lambdas/table';
import { createTestTable, type TestTable } from '../support/dynamo';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const PHONE_A = '+919876500001';
const PHONE_B = '+919876500002';
const IMEI = '356938035643809';

function order(
  id: string,
  phone: string,
  device: ServiceOrder['device'],
  createdAt: Date,
  purchaseOrderNumber?: string,
): ServiceOrder {
  return createServiceOrder(
    {
      id,
      ...(purchaseOrderNumber ? { purchaseOrderNumber } : {}),
      customer: { name: 'Customer', phone },
      device,
      issue: 'Battery drains fast',
      serviceCentre: 'Chennai',
    },
    createdAt,
    'sc-1',
  );
}

describe('the service order repository on DynamoDB Local', () => {
  let table: TestTable;
  /** Look-ups and writes, as the functions that create or change orders use them. */
  let repo: DynamoServiceOrderWriter;
  const first = order('SOAAAA000001', PHONE_A, { model: 'Phone X', imei: IMEI }, at(0), 'PO-7781');
  const second = order('SOAAAA000002', PHONE_B, { model: 'Phone X', imei: IMEI }, at(5));
  const withSerial = order('SOAAAA000003', PHONE_A, { model: 'Tab S', serialNumber: 'r58m12abcd' }, at(10));
  const other = order('SOAAAA000004', PHONE_B, { model: 'Watch', serialNumber: 'ZZ99XX88' }, at(15), 'PO-9');

  beforeAll(async () => {
    table = await createTestTable('service-orders');
    repo = new DynamoServiceOrderWriter(table.doc, table.name);
    for (const o of [first, second, withSerial, other]) await repo.create(o);
  });
  afterAll(async () => {
    await table.drop();
  });

  it('reads an order back by id, exactly as stored, without table attributes', async () => {
    expect(await repo.get(first.id)).toEqual(first);
    expect(await repo.findBy('SERVICE_ORDER', first.id)).toEqual([first]);
    expect(await repo.get('SONOSUCH0000')).toBeUndefined();
    expect(await repo.findBy('SERVICE_ORDER', 'SONOSUCH0000')).toEqual([]);
  });

  it('keeps the index attributes on the stored item', async () => {
    const { Item } = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: keys.serviceOrder(withSerial.id) }),
    );
    expect(Item).toMatchObject({
      gsi1pk: `PHONE#${PHONE_A}`,
      gsi1sk: `SO#${withSerial.createdAt}#${withSerial.id}`,
      serialKey: 'R58M12ABCD',
    });
    expect(Item).not.toHaveProperty('imei');
  });

  it('finds an order by its purchase order number', async () => {
    expect(await repo.findBy('PURCHASE_ORDER', 'PO-7781')).toEqual([first]);
    expect(await repo.findBy('PURCHASE_ORDER', 'PO-0000')).toEqual([]);
  });

  it('finds every order of an IMEI, of different phones, oldest first', async () => {
    const found = await repo.findBy('IMEI', IMEI);
    expect(found.map((o) => [o.id, o.customer.phone])).toEqual([
      [first.id, PHONE_A],
      [second.id, PHONE_B],
    ]);
    expect(await repo.findBy('IMEI', '490154203237518')).toEqual([]);
  });

  it('finds an order by serial number whatever its case', async () => {
    expect(await repo.findBy('SERIAL', 'R58M12ABCD')).toEqual([withSerial]);
    expect(await repo.findBy('SERIAL', 'r58M12abCD')).toEqual([withSerial]);
    expect(await repo.findBy('SERIAL', 'zz99xx88')).toEqual([other]);
    expect(await repo.findBy('SERIAL', 'NOSUCH123')).toEqual([]);
  });

  it("lists a phone's orders, oldest first, and no one else's", async () => {
    expect((await repo.listByPhone(PHONE_A)).map((o) => o.id)).toEqual([first.id, withSerial.id]);
    expect((await repo.listByPhone(PHONE_B)).map((o) => o.id)).toEqual([second.id, other.id]);
    expect(await repo.listByPhone('+919876500009')).toEqual([]);
  });

  it('refuses a second order with an existing id as a conflict and keeps the first', async () => {
    const duplicate = order(first.id, PHONE_B, { model: 'Other' }, at(30));
    await expect(repo.create(duplicate)).rejects.toBeInstanceOf(ConflictError);
    await expect(repo.create(duplicate)).rejects.toMatchObject({ status: 409 });
    expect(await repo.get(first.id)).toEqual(first);
  });

  it('changes a status only from the state it was read in', async () => {
    const stored = order('SOAAAA000005', PHONE_A, { model: 'Phone Y', imei: '490154203237518' }, at(20));
    await repo.create(stored);
    const moved = changeStatus(stored, { status: 'WORK_IN_PROGRESS', staffId: 'sc-1' }, at(21));
    const cancelled = changeStatus(stored, { status: 'CANCELLED', staffId: 'sc-2' }, at(21));

    const results = await Promise.allSettled([
      repo.updateStatus(moved, { status: stored.status, updatedAt: stored.updatedAt }),
      repo.updateStatus(cancelled, { status: stored.status, updatedAt: stored.updatedAt }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConflictError);

    const now = await repo.get(stored.id);
    expect([moved, cancelled]).toContainEqual(now);
    expect(now?.timeline).toHaveLength(2);
    // the index attributes follow the order through the change
    expect((await repo.findBy('IMEI', '490154203237518')).map((o) => o.status)).toEqual([now?.status]);
  });

  it('refuses a status change on an order read before a later change', async () => {
    const stored = order('SOAAAA000006', PHONE_B, { model: 'Phone Z' }, at(25));
    await repo.create(stored);
    const step1 = changeStatus(stored, { status: 'WORK_IN_PROGRESS', staffId: 'sc-1' }, at(26));
    await repo.updateStatus(step1, stored);
    const step2 = changeStatus(step1, { status: 'READY_FOR_DELIVERY', staffId: 'sc-1' }, at(27));
    await repo.updateStatus(step2, step1);
    const stale = changeStatus(step1, { status: 'CANCELLED', staffId: 'sc-2' }, at(28));
    await expect(repo.updateStatus(stale, step1)).rejects.toBeInstanceOf(ConflictError);
    expect(await repo.get(stored.id)).toEqual(step2);
  });

  it('refuses a status change on an order that does not exist', async () => {
    const ghost = order('SOAAAA000099', PHONE_A, { model: 'Ghost' }, at(40));
    const next = changeStatus(ghost, { status: 'WORK_IN_PROGRESS', staffId: 'sc-1' }, at(41));
    await expect(repo.updateStatus(next, ghost)).rejects.toBeInstanceOf(ConflictError);
    expect(await repo.get(ghost.id)).toBeUndefined();
  });
});
