import { REPORT_GROUPS } from '../../domain/staff';
import { defineRoute } from '../../http/spec';
import { slaReportQuery } from '../../schemas/grievance';

export const spec = defineRoute({
  name: 'staff-sla-report',
  method: 'GET',
  path: '/staff/reports/sla',
  auth: 'staff',
  groups: REPORT_GROUPS,
  summary: 'SLA report of the days from..to in REPORT_TIME_ZONE (both included, at most 366)',
  tag: 'grievances',
  status: 200,
  query: slaReportQuery,
  response: 'SlaReport',
  alternatives: [
    {
      mediaType: 'text/csv',
      description: 'With `Accept: text/csv`: the `days` series as CSV with a header row',
      example: 'date,filed,resolved,escalated,breached\r\n2026-11-25,12,9,2,0\r\n2026-11-26,15,11,3,1\r\n',
    },
  ],
  // Reads only: the day items by key (BatchGetItem), the running counters, the overdue deadlines.
  table: 'read',
});
