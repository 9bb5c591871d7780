import { GRIEVANCE_GROUPS } from '../domain/staff';
import { httpRoute } from '../http/route';
import { presentGrievanceSummary } from '../presenters/grievance';
import { staffQueueQuery } from '../schemas/grievance';
import { staffQueue } from '../use-cases/read-grievances';
import { grievanceRepository } from '../wiring/grievances';

/** GET /staff/grievances — the queue of the caller's levels, most urgent first, cursor-paginated. */
export const handler = httpRoute({
  auth: 'staff',
  groups: GRIEVANCE_GROUPS,
  query: staffQueueQuery,
  handler: async ({ staff, query }) => {
    if (!staff) throw new Error('staff identity missing');
    const page = await staffQueue({ grievances: grievanceRepository() }, staff, query);
    return { body: { items: page.items.map(presentGrievanceSummary), nextCursor: page.nextCursor } };
  },
});
