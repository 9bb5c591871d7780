import type { ServiceOrder } from '../../lambdas/domain/service-order';
import { ConflictError, NotFoundError } from '../../lambdas/errors';
import { setLogSink } from '../../lambdas/logger';
import { setMetricSink } from '../../lambdas/metrics';
import type { ServiceOrderRepository } from '../../lambdas/ports/service-orders';
import { changeServiceOrderStatus } from '../../lambdas/use-cases/change-service-order-status';
import { createServiceOrder } from '../../lambdas/use-cases/create-service-order';
import { getServiceOrder } from '../../lambdas/use-cases/get-service-order';
import { FixedClock } from '../support/clock';
import { FailingSms, RecordingSms } from '../support/fakes';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const STAFF = { sub: 'sc-1', groups: ['service-centre' as const] };
const INPUT = {
  customer: { name: 'Asha', phone: '+919876543210' },
  device: { model: 'Pixel 9' },
  issue: 'No sound',
  serviceCentre: 'Pune',
};

/** An in-memory repository with the same conflict rules as the DynamoDB one. */
function memoryOrders(): ServiceOrderRepository & { stored: Map<string, ServiceOrder> } {
  const stored = new Map<string, ServiceOrder>();
  return {
    stored,
    get: async (id) => stored.get(id),
    findBy: async () => [],
    listByPhone: async () => [],
    create: async (order) => {
      if (stored.has(order.id)) throw new ConflictError(`Service order ${order.id} already exists.`);
      stored.set(order.id, order);
    },
    updateStatus: async (next, previous) => {
      const current = stored.get(next.id);
      if (current?.status !== previous.status || current.updatedAt !== previous.updatedAt)
        throw new ConflictError('changed meanwhile');
      stored.set(next.id, next);
    },
  };
}

const failingSms = () => new FailingSms(() => new Error('SNS said no'));

describe('service order use cases', () => {
  const metrics: string[] = [];
  const logs: string[] = [];
  beforeAll(() => {
    process.env.METRICS_DISABLED = 'false';
    setMetricSink((line) => metrics.push(line));
    setLogSink((line) => logs.push(line));
  });
  afterAll(() => {
    process.env.METRICS_DISABLED = 'true';
  });
  beforeEach(() => {
    metrics.length = 0;
    logs.length = 0;
  });

  it('keeps a new order and answers with it when the SMS fails, counting SmsFailed', async () => {
    const orders = memoryOrders();
    const deps = { orders, sms: failingSms(), clock: new FixedClock(NOW), newId: () => 'SO2222222222' };
    const order = await createServiceOrder(deps, INPUT, STAFF);
    expect(order.id).toBe('SO2222222222');
    expect(orders.stored.get('SO2222222222')).toEqual(order);
    expect(metrics.some((l) => JSON.parse(l).SmsFailed === 1)).toBe(true);
    expect(logs.some((l) => l.includes('service order SMS failed'))).toBe(true);
  });

  it('keeps a status change and answers with it when the SMS fails, counting SmsFailed', async () => {
    const orders = memoryOrders();
    const clock = new FixedClock(NOW);
    const sms = new RecordingSms();
    const created = await createServiceOrder(
      { orders, sms, clock, newId: () => 'SO3333333333' },
      INPUT,
      STAFF,
    );
    expect(sms.sent).toHaveLength(1);
    clock.advance(60);
    const changed = await changeServiceOrderStatus(
      { orders, sms: failingSms(), clock },
      { id: created.id, status: 'WORK_IN_PROGRESS', note: 'parts ordered' },
      STAFF,
    );
    expect(changed.status).toBe('WORK_IN_PROGRESS');
    expect(orders.stored.get(created.id)).toEqual(changed);
    expect(metrics.filter((l) => JSON.parse(l).SmsFailed === 1)).toHaveLength(1);
  });

  it('draws a new id when a generated one is taken, but refuses a given id that exists', async () => {
    const orders = memoryOrders();
    const ids = ['SO4444444444', 'SO4444444444', 'SO5555555555'];
    const deps = {
      orders,
      sms: new RecordingSms(),
      clock: new FixedClock(NOW),
      newId: () => ids.shift() ?? 'SO6666666666',
    };
    expect((await createServiceOrder(deps, INPUT, STAFF)).id).toBe('SO4444444444');
    expect((await createServiceOrder(deps, INPUT, STAFF)).id).toBe('SO5555555555');
    await expect(createServiceOrder(deps, { ...INPUT, id: 'SO5555555555' }, STAFF)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('sends no SMS and changes nothing for a transition the machine refuses', async () => {
    const orders = memoryOrders();
    const sms = new RecordingSms();
    const clock = new FixedClock(NOW);
    const created = await createServiceOrder(
      { orders, sms, clock, newId: () => 'SO7777777777' },
      INPUT,
      STAFF,
    );
    await expect(
      changeServiceOrderStatus({ orders, sms, clock }, { id: created.id, status: 'DELIVERED' }, STAFF),
    ).rejects.toMatchObject({ status: 409 });
    expect(sms.sent).toHaveLength(1); // the creation SMS only
    expect(orders.stored.get(created.id)).toEqual(created);
  });

  it("shows a customer only their own order, answering 404 alike for someone else's and a missing one", async () => {
    const orders = memoryOrders();
    const clock = new FixedClock(NOW);
    const sms = new RecordingSms();
    const created = await createServiceOrder(
      { orders, sms, clock, newId: () => 'SO8888888888' },
      INPUT,
      STAFF,
    );
    expect(await getServiceOrder({ orders }, created.id, { phone: '+919876543210' })).toEqual(created);
    expect(await getServiceOrder({ orders }, created.id, { staff: true })).toEqual(created);
    await expect(getServiceOrder({ orders }, created.id, { phone: '+919876543211' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      getServiceOrder({ orders }, 'SO9999999999', { phone: '+919876543210' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
