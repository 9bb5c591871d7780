import { slaReportDeps } from '../../composition/data';
import { daysCsv } from '../../domain/grievance-stats';
import { negotiate } from '../../http/accept';
import { httpRoute } from '../../http/route';
import { slaReport } from '../../use-cases/sla-report';
import { spec } from './spec';

/** GET /staff/reports/sla — JSON, or the days series as CSV with `Accept: text/csv`. */
export const handler = httpRoute(spec, async ({ query, headers }) => {
  const report = await slaReport(slaReportDeps(), query);
  const type = negotiate(headers.accept, ['application/json', 'text/csv']);
  if (type === 'text/csv') return { body: daysCsv(report), contentType: 'text/csv; charset=utf-8' };
  return { body: report, contentType: 'application/json' };
});
