import { readGrievanceDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentGrievanceSummaryForStaff } from '../../presenters/grievance';
import { staffQueue } from '../../use-cases/read-grievances';
import { spec } from './spec';

/** GET /staff/grievances — the queue of the caller's levels, most urgent first, cursor-paginated. */
export const handler = httpRoute(spec, async ({ staff, query }) => {
  const page = await staffQueue(readGrievanceDeps(), staff, query);
  return { body: { items: page.items.map(presentGrievanceSummaryForStaff), nextCursor: page.nextCursor } };
});
