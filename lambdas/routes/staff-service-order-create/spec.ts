import { SERVICE_ORDER_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { createServiceOrderBody } from '../../schemas/service-order';

export const spec = defineRoute({
  name: 'staff-service-order-create',
  method: 'POST',
  path: '/staff/service-orders',
  auth: 'staff',
  groups: SERVICE_ORDER_GROUPS,
  summary: 'Book a device in for repair; the customer gets an SMS',
  tag: 'service-orders',
  status: 201,
  errors: [409],
  body: createServiceOrderBody,
  response: 'ServiceOrder',
  table: 'readwrite',
  uses: ['sms-queue'],
});
