import { timelineLabel } from '../../lambdas/domain/grievance';
import type { ServiceOrder } from '../../lambdas/domain/service-order';
import { presentServiceOrder } from '../../lambdas/presenters/service-order';

describe('labels a UI shows', () => {
  it.each([
    [{ type: 'CREATED', level: 1 }, 'Grievance registered'],
    [{ type: 'ESCALATED', level: 2 }, 'Escalated to Head of Customer Service'],
    [{ type: 'ESCALATED', level: 3 }, 'Escalated to Office of the President'],
    [{ type: 'RESPONDED', level: 1 }, 'Response from Grievance Desk'],
    [{ type: 'NOTE', level: 1 }, 'Internal note'],
    [{ type: 'RESOLVED', level: 2 }, 'Resolved by Head of Customer Service'],
    [{ type: 'REOPENED', level: 3 }, 'Reopened with Office of the President'],
    [{ type: 'CLOSED', level: 1, reason: 'CUSTOMER_SATISFIED' }, 'Closed: customer satisfied'],
    [{ type: 'CLOSED', level: 1, reason: 'NO_FEEDBACK' }, 'Closed: no feedback received'],
    [{ type: 'SLA_BREACHED', level: 3 }, 'Response time missed at the Office of the President'],
    [
      { type: 'SMS_NOT_DELIVERED', level: 1, reason: 'OPTED_OUT' },
      'Customer not told: SMS failed (the number opted out of SMS)',
    ],
    [
      { type: 'SMS_NOT_DELIVERED', level: 2, reason: 'INVALID_NUMBER' },
      'Customer not told: SMS failed (the number cannot receive SMS)',
    ],
  ] as const)('labels %o "%s"', (event, label) => {
    expect(timelineLabel(event)).toBe(label);
  });
});

describe('service-order timelines: one meaning of actor', () => {
  const at = '2026-03-02T09:00:00.000Z';
  const order = (timeline: ServiceOrder['timeline']): ServiceOrder => ({
    id: 'SO7KQ2M9XH4R',
    status: 'WORK_IN_PROGRESS',
    customer: { name: 'Asha', phone: '+919876543210' },
    device: { model: 'Pixel 9' },
    issue: 'No sound',
    serviceCentre: 'Pune',
    createdAt: at,
    updatedAt: at,
    timeline,
  });

  it('reads entries stored before v1.1 (a staff id in actor) as STAFF with that staffId', () => {
    const legacy = order([
      { at, status: 'UNDER_INSPECTION', actor: 'sc-1' },
      { at, status: 'WORK_IN_PROGRESS' },
    ]);
    expect(presentServiceOrder(legacy, 'staff').timeline).toEqual([
      { at, status: 'UNDER_INSPECTION', statusLabel: 'Under inspection', actor: 'STAFF', staffId: 'sc-1' },
      { at, status: 'WORK_IN_PROGRESS', statusLabel: 'Work in progress', actor: 'SYSTEM' },
    ]);
    expect(presentServiceOrder(legacy, 'customer').timeline).toEqual([
      { at, status: 'UNDER_INSPECTION', statusLabel: 'Under inspection', actor: 'STAFF' },
      { at, status: 'WORK_IN_PROGRESS', statusLabel: 'Work in progress', actor: 'SYSTEM' },
    ]);
  });

  it('shows staff, and never the customer, the SMS about the order that could not be sent', () => {
    const failure = { at, kind: 'SERVICE_ORDER_WORK_IN_PROGRESS', to: '+919876543210', reason: 'OPTED_OUT' };
    const failed = {
      ...order([{ at, status: 'UNDER_INSPECTION', actor: 'STAFF' }]),
      smsNotDelivered: [failure],
    };
    expect(presentServiceOrder(failed, 'staff').smsNotDelivered).toEqual([
      { ...failure, label: 'Customer not told: SMS failed (the number opted out of SMS)' },
    ]);
    expect(presentServiceOrder(failed, 'customer')).not.toHaveProperty('smsNotDelivered');
  });
});
