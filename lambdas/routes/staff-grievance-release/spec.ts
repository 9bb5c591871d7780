import { GRIEVANCE_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { grievancePath } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'staff-grievance-release',
  method: 'POST',
  path: '/staff/grievances/{id}/release',
  auth: 'staff',
  groups: GRIEVANCE_GROUPS,
  summary: "Release a claim: one's own, or any as admin (403 otherwise; others take over with a claim)",
  tag: 'grievances',
  status: 200,
  errors: [404, 409],
  params: grievancePath,
  response: 'Grievance',
  table: 'readwrite',
  // A release after the deadline meets the escalated grievance: its SMS, alert and next deadline.
  uses: ['sms-queue', 'alerts', 'scheduler'],
});
