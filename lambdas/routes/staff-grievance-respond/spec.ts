import { GRIEVANCE_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { grievancePath, staffResponseBody } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'staff-grievance-respond',
  method: 'POST',
  path: '/staff/grievances/{id}/responses',
  auth: 'staff',
  groups: GRIEVANCE_GROUPS,
  summary: 'Respond to, resolve or add a staff note to a grievance',
  tag: 'grievances',
  status: 200,
  errors: [404, 409],
  params: grievancePath,
  body: staffResponseBody,
  response: 'Grievance',
  table: 'readwrite',
  uses: ['sms-queue', 'alerts', 'scheduler'],
});
