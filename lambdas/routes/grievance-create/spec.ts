import { defineRoute } from '../../http/spec';
import { customerGrievanceBody } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'grievance-create',
  method: 'POST',
  path: '/grievances',
  auth: 'customer',
  summary: 'File a grievance (Idempotency-Key supported); the customer gets an SMS acknowledgement',
  tag: 'grievances',
  status: 201,
  idempotent: true,
  body: customerGrievanceBody,
  response: 'Grievance',
  table: 'readwrite',
  uses: ['sms-queue', 'scheduler'],
});
