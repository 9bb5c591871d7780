import { defineRoute } from '../../http/spec';
import { feedbackBody, grievancePath } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'grievance-feedback',
  method: 'POST',
  path: '/grievances/{id}/feedback',
  auth: 'customer',
  summary: 'Feedback on a resolution: satisfied closes, not satisfied escalates',
  tag: 'grievances',
  status: 200,
  errors: [404, 409],
  params: grievancePath,
  body: feedbackBody,
  response: 'Grievance',
  table: 'readwrite',
  uses: ['sms-queue', 'alerts', 'scheduler'],
});
