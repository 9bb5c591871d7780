import { defineRoute } from '../../http/spec';

export const spec = defineRoute({
  name: 'health',
  method: 'GET',
  path: '/health',
  auth: 'none',
  summary: 'Readiness check: 200 when the table answers, 503 when it does not',
  tag: 'system',
  status: 200,
  response: 'Health',
  errors: [503],
  // One GetItem of a key that is never written: read access only.
  table: 'read',
});
