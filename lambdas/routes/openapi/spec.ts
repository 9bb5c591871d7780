import { defineRoute } from '../../http/spec';

export const spec = defineRoute({
  name: 'openapi',
  method: 'GET',
  path: '/openapi.json',
  auth: 'none',
  summary: 'This OpenAPI document',
  tag: 'system',
  status: 200,
  table: 'none',
});
