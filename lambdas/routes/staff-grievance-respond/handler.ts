import { respondDeps } from '../../composition/scheduling';
import { httpRoute } from '../../http/route';
import { presentGrievanceForStaff } from '../../presenters/grievance';
import { respondToGrievance } from '../../use-cases/respond-to-grievance';
import { spec } from './spec';

/** POST /staff/grievances/{id}/responses — respond, resolve or add a note (403 above one's level, 409 closed). */
export const handler = httpRoute(spec, async ({ staff, params, body }) => {
  const g = await respondToGrievance(respondDeps(), staff, params.id, body);
  return { body: presentGrievanceForStaff(g) };
});
