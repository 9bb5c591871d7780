import { GRIEVANCE_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { staffQueueQuery } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'staff-grievance-list',
  method: 'GET',
  path: '/staff/grievances',
  auth: 'staff',
  groups: GRIEVANCE_GROUPS,
  summary: "The grievance queue of the caller's levels, most urgent first, or a search by `q` (newest first)",
  tag: 'grievances',
  status: 200,
  query: staffQueueQuery,
  response: 'GrievanceQueuePage',
  table: 'read',
  // The cursor key is derived from the OTP secret.
  uses: ['otp-secret'],
});
