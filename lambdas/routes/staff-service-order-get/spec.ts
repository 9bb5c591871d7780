import { SERVICE_ORDER_READERS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { serviceOrderPath } from '../../schemas/service-order';

export const spec = defineRoute({
  name: 'staff-service-order-get',
  method: 'GET',
  path: '/staff/service-orders/{id}',
  auth: 'staff',
  groups: SERVICE_ORDER_READERS,
  summary: 'A service order, staff view (service-centre, admin and every grievance group)',
  tag: 'service-orders',
  status: 200,
  errors: [404],
  params: serviceOrderPath,
  response: 'ServiceOrder',
  table: 'read',
});
