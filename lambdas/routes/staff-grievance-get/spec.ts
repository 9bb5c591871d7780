import { GRIEVANCE_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { grievancePath } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'staff-grievance-get',
  method: 'GET',
  path: '/staff/grievances/{id}',
  auth: 'staff',
  groups: GRIEVANCE_GROUPS,
  summary: "A grievance, staff view with notes (403 when its level is above the caller's)",
  tag: 'grievances',
  status: 200,
  errors: [404],
  params: grievancePath,
  response: 'Grievance',
  table: 'read',
});
