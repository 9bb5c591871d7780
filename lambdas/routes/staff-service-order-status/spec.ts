import { SERVICE_ORDER_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { changeServiceOrderStatusBody, serviceOrderPath } from '../../schemas/service-order';

export const spec = defineRoute({
  name: 'staff-service-order-status',
  method: 'POST',
  path: '/staff/service-orders/{id}/status',
  auth: 'staff',
  groups: SERVICE_ORDER_GROUPS,
  summary: 'Move a service order to its next status; the customer gets an SMS',
  tag: 'service-orders',
  status: 200,
  errors: [404, 409],
  params: serviceOrderPath,
  body: changeServiceOrderStatusBody,
  response: 'ServiceOrder',
  table: 'readwrite',
  uses: ['sms-queue'],
});
