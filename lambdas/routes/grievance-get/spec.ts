import { defineRoute } from '../../http/spec';
import { grievancePath } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'grievance-get',
  method: 'GET',
  path: '/grievances/{id}',
  auth: 'customer',
  summary: "A customer's own grievance (404 for anyone else's)",
  tag: 'grievances',
  status: 200,
  errors: [404],
  params: grievancePath,
  response: 'Grievance',
  table: 'read',
});
