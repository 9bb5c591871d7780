import type { ServiceOrder, ServiceOrderStatus } from '../../lambdas/domain/service-order';
import { SERVICE_ORDER_STATUSES, STATUS_TEXT } from '../../lambdas/domain/service-order';
import {
  changeStatus,
  createServiceOrder,
  isFinalStatus,
  nextStatuses,
  serviceOrderCreatedSms,
  serviceOrderStatusSms,
} from '../../lambdas/domain/service-order-rules';
import { ConflictError } from '../../lambdas/errors';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const T1 = new Date('2026-11-22T12:30:00.000Z');

const ALLOWED: ReadonlySet<string> = new Set([
  'UNDER_INSPECTION>WORK_IN_PROGRESS',
  'UNDER_INSPECTION>CANCELLED',
  'WORK_IN_PROGRESS>READY_FOR_DELIVERY',
  'WORK_IN_PROGRESS>CANCELLED',
  'READY_FOR_DELIVERY>DELIVERED',
  'READY_FOR_DELIVERY>CANCELLED',
]);

const EXPECTED_NEXT: Record<ServiceOrderStatus, ServiceOrderStatus[]> = {
  UNDER_INSPECTION: ['WORK_IN_PROGRESS', 'CANCELLED'],
  WORK_IN_PROGRESS: ['READY_FOR_DELIVERY', 'CANCELLED'],
  READY_FOR_DELIVERY: ['DELIVERED', 'CANCELLED'],
  DELIVERED: [],
  CANCELLED: [],
};

function orderIn(status: ServiceOrderStatus): ServiceOrder {
  const order = createServiceOrder(
    {
      id: 'SO7KQ2M9XH4R',
      customer: { name: 'Asha', phone: '+919876543210' },
      device: { model: 'Pixel 9', imei: '356938035643809' },
      issue: 'Cracked screen',
      serviceCentre: 'Bengaluru MG Road',
    },
    T0,
    'sc-1',
  );
  return { ...order, status };
}

const PAIRS = SERVICE_ORDER_STATUSES.flatMap((from) =>
  SERVICE_ORDER_STATUSES.map((to) => [from, to] as const),
);

describe('the service order status machine', () => {
  it('accepts exactly the transitions of API.md among all ordered pairs of statuses', () => {
    const accepted = PAIRS.filter(([from, to]) => {
      try {
        changeStatus(orderIn(from), { status: to, staffId: 'sc-2' }, T1);
        return true;
      } catch {
        return false;
      }
    }).map(([from, to]) => `${from}>${to}`);
    expect(new Set(accepted)).toEqual(ALLOWED);
  });

  it.each(PAIRS.filter(([from, to]) => ALLOWED.has(`${from}>${to}`)))(
    'moves an order from %s to %s and records it on the timeline',
    (from, to) => {
      const before = orderIn(from);
      const after = changeStatus(before, { status: to, note: 'checked', staffId: 'sc-2' }, T1);
      expect(after.status).toBe(to);
      expect(after.updatedAt).toBe(T1.toISOString());
      expect(after.createdAt).toBe(before.createdAt);
      expect(after.timeline).toHaveLength(before.timeline.length + 1);
      expect(after.timeline.at(-1)).toEqual({
        at: T1.toISOString(),
        status: to,
        note: 'checked',
        actor: 'STAFF',
        staffId: 'sc-2',
      });
      expect(before.status).toBe(from); // the input is not mutated
    },
  );

  it.each(PAIRS.filter(([from, to]) => !ALLOWED.has(`${from}>${to}`)))(
    'refuses to move an order from %s to %s with a 409 naming the allowed next statuses',
    (from, to) => {
      const before = orderIn(from);
      let thrown: unknown;
      try {
        changeStatus(before, { status: to, staffId: 'sc-2' }, T1);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConflictError);
      const conflict = thrown as ConflictError;
      expect(conflict.status).toBe(409);
      expect(conflict.message).toContain(`Cannot move from ${from} to ${to}`);
      const allowed = EXPECTED_NEXT[from];
      if (allowed.length > 0) expect(conflict.message).toContain(`allowed: ${allowed.join(', ')}`);
      else expect(conflict.message).toContain(`allowed: none (${from} is final)`);
      expect(conflict.extra).toEqual({ currentStatus: from, allowedStatuses: allowed });
    },
  );

  it('names the exact detail of API.md for the illegal jump from inspection to delivery', () => {
    expect(() =>
      changeStatus(orderIn('UNDER_INSPECTION'), { status: 'DELIVERED', staffId: 'x' }, T1),
    ).toThrow('Cannot move from UNDER_INSPECTION to DELIVERED; allowed: WORK_IN_PROGRESS, CANCELLED');
  });

  it.each(SERVICE_ORDER_STATUSES)('lists the next statuses of %s', (status) => {
    expect(nextStatuses(status)).toEqual(EXPECTED_NEXT[status]);
    expect(isFinalStatus(status)).toBe(status === 'DELIVERED' || status === 'CANCELLED');
  });

  it('walks the happy path through all four statuses, one timeline entry each', () => {
    let order = orderIn('UNDER_INSPECTION');
    const steps: ServiceOrderStatus[] = ['WORK_IN_PROGRESS', 'READY_FOR_DELIVERY', 'DELIVERED'];
    for (const status of steps) order = changeStatus(order, { status, staffId: 'sc-1' }, T1);
    expect(order.timeline.map((e) => e.status)).toEqual(['UNDER_INSPECTION', ...steps]);
  });

  it('takes a new estimate with a change and normalizes it to UTC', () => {
    const after = changeStatus(
      orderIn('UNDER_INSPECTION'),
      { status: 'WORK_IN_PROGRESS', estimatedReadyAt: '2026-11-25T18:00:00Z', staffId: 'sc-1' },
      T1,
    );
    expect(after.estimatedReadyAt).toBe('2026-11-25T18:00:00.000Z');
    expect(after.timeline.at(-1)).not.toHaveProperty('note');
  });
});

describe('a new service order', () => {
  it('starts under inspection with its creation as the first timeline entry', () => {
    const order = createServiceOrder(
      {
        id: 'SO7KQ2M9XH4R',
        purchaseOrderNumber: 'PO-1001',
        customer: { name: 'Asha', phone: '+919876543210' },
        device: { model: 'Pixel 9', serialNumber: 'ab12cd34' },
        issue: 'No sound',
        serviceCentre: 'Pune',
        estimatedReadyAt: '2026-11-24T10:00:00Z',
      },
      T0,
      'sc-1',
    );
    expect(order).toEqual({
      id: 'SO7KQ2M9XH4R',
      purchaseOrderNumber: 'PO-1001',
      status: 'UNDER_INSPECTION',
      customer: { name: 'Asha', phone: '+919876543210' },
      device: { model: 'Pixel 9', serialNumber: 'ab12cd34' },
      issue: 'No sound',
      serviceCentre: 'Pune',
      estimatedReadyAt: '2026-11-24T10:00:00.000Z',
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
      timeline: [{ at: T0.toISOString(), status: 'UNDER_INSPECTION', actor: 'STAFF', staffId: 'sc-1' }],
    });
  });
});

describe('status labels, descriptions and SMS texts', () => {
  it('uses the labels and descriptions of API.md exactly', () => {
    expect(STATUS_TEXT).toEqual({
      UNDER_INSPECTION: { label: 'Under inspection', description: 'Your device is being checked' },
      WORK_IN_PROGRESS: { label: 'Work in progress', description: 'Your device is getting repaired' },
      READY_FOR_DELIVERY: {
        label: 'Ready for delivery',
        description: 'Your device has been repaired and is ready for delivery',
      },
      DELIVERED: { label: 'Delivered', description: 'You have accepted the delivery of your device' },
      CANCELLED: { label: 'Cancelled', description: 'Your service order is cancelled' },
    });
  });

  it.each(SERVICE_ORDER_STATUSES)('names the id, label and description in the SMS for %s', (status) => {
    const { body } = serviceOrderStatusSms(orderIn(status));
    expect(body).toContain('SO7KQ2M9XH4R');
    expect(body).toContain(STATUS_TEXT[status].label);
    expect(body).toContain(STATUS_TEXT[status].description);
  });

  it('names the id, label and description in the SMS on creation', () => {
    const { body } = serviceOrderCreatedSms(orderIn('UNDER_INSPECTION'));
    expect(body).toContain('SO7KQ2M9XH4R');
    expect(body).toContain('Under inspection');
    expect(body).toContain('Your device is being checked');
  });
});
