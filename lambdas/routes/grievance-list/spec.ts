import { defineRoute } from '../../http/spec';

export const spec = defineRoute({
  name: 'grievance-list',
  method: 'GET',
  path: '/grievances',
  auth: 'customer',
  summary: "The grievances of the token's phone",
  tag: 'grievances',
  status: 200,
  response: 'GrievanceList',
  table: 'read',
});
