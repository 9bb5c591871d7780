import { defineRoute } from '../../http/spec';

export const spec = defineRoute({
  name: 'staff-me',
  method: 'GET',
  path: '/staff/me',
  auth: 'staff',
  summary: 'The caller: staff id, groups and the highest grievance level they work',
  tag: 'system',
  status: 200,
  response: 'StaffProfile',
  // Everything is in the token's claims.
  table: 'none',
});
