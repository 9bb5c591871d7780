import { defineRoute } from '../../http/spec';

export const spec = defineRoute({
  name: 'health',
  method: 'GET',
  path: '/health',
  auth: 'none',
  summary: 'Liveness check',
  tag: 'system',
  status: 200,
  response: 'Health',
  table: 'none',
});
