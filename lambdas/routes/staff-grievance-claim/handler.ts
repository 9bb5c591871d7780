import { respondDeps } from '../../composition/scheduling';
import { httpRoute } from '../../http/route';
import { presentGrievanceForStaff } from '../../presenters/grievance';
import { claim } from '../../use-cases/grievance-ownership';
import { spec } from './spec';

/** POST /staff/grievances/{id}/claim — the caller takes the grievance (409 when held by another, unless takeOver). */
export const handler = httpRoute(spec, async ({ staff, params, body }) => {
  const g = await claim(respondDeps(), staff, params.id, body);
  return { body: presentGrievanceForStaff(g) };
});
