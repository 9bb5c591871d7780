import { defineRoute } from '../../http/spec';
import { customerGrievanceListQuery } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'grievance-list',
  method: 'GET',
  path: '/grievances',
  auth: 'customer',
  summary: "The grievances of the token's phone, newest first, a page at a time",
  tag: 'grievances',
  status: 200,
  query: customerGrievanceListQuery,
  response: 'GrievanceList',
  table: 'read',
  // The cursor key is derived from the OTP secret.
  uses: ['otp-secret'],
});
