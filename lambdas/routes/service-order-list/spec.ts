import { defineRoute } from '../../http/spec';

export const spec = defineRoute({
  name: 'service-order-list',
  method: 'GET',
  path: '/service-orders',
  auth: 'customer',
  summary: "Every service order of the token's phone, most recently updated first",
  tag: 'service-orders',
  status: 200,
  response: 'ServiceOrderList',
  table: 'read',
});
