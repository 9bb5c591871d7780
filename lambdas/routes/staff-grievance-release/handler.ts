import { respondDeps } from '../../composition/scheduling';
import { httpRoute } from '../../http/route';
import { presentGrievanceForStaff } from '../../presenters/grievance';
import { release } from '../../use-cases/grievance-ownership';
import { spec } from './spec';

/** POST /staff/grievances/{id}/release — the holder (or an admin) gives the grievance back to its level. */
export const handler = httpRoute(spec, async ({ staff, params }) => {
  const g = await release(respondDeps(), staff, params.id);
  return { body: presentGrievanceForStaff(g) };
});
