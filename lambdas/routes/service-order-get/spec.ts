import { defineRoute } from '../../http/spec';
import { serviceOrderPath } from '../../schemas/service-order';

export const spec = defineRoute({
  name: 'service-order-get',
  method: 'GET',
  path: '/service-orders/{id}',
  auth: 'customer',
  summary: "A customer's own service order (404 for anyone else's)",
  tag: 'service-orders',
  status: 200,
  errors: [404],
  params: serviceOrderPath,
  response: 'ServiceOrder',
  table: 'read',
});
