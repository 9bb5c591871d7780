import { GRIEVANCE_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { claimBody, grievancePath } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'staff-grievance-claim',
  method: 'POST',
  path: '/staff/grievances/{id}/claim',
  auth: 'staff',
  groups: GRIEVANCE_GROUPS,
  summary: 'Claim an OPEN grievance (409 when someone else holds it, unless takeOver)',
  tag: 'grievances',
  status: 200,
  errors: [404, 409],
  params: grievancePath,
  body: claimBody,
  response: 'Grievance',
  table: 'readwrite',
  // A claim after the deadline meets the escalated grievance: its SMS, alert and next deadline.
  uses: ['sms-queue', 'alerts', 'scheduler'],
});
