import { SERVICE_ORDER_READERS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { staffServiceOrderListQuery } from '../../schemas/service-order';

export const spec = defineRoute({
  name: 'staff-service-order-list',
  method: 'GET',
  path: '/staff/service-orders',
  auth: 'staff',
  groups: SERVICE_ORDER_READERS,
  summary: 'Service orders by status, service centre or search (`q`), most recently updated first',
  tag: 'service-orders',
  status: 200,
  query: staffServiceOrderListQuery,
  response: 'ServiceOrderPage',
  table: 'read',
  // The cursor key is derived from the OTP secret.
  uses: ['otp-secret'],
});
