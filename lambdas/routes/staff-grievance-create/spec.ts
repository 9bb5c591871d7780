import { GRIEVANCE_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { staffGrievanceBody } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'staff-grievance-create',
  method: 'POST',
  path: '/staff/grievances',
  auth: 'staff',
  groups: [...GRIEVANCE_GROUPS, 'service-centre'],
  summary: "File a grievance on a walk-in customer's behalf (Idempotency-Key supported)",
  tag: 'grievances',
  status: 201,
  idempotent: true,
  body: staffGrievanceBody,
  response: 'Grievance',
  table: 'readwrite',
  uses: ['sms-queue', 'scheduler'],
});
