import { GRIEVANCE_GROUPS } from '../domain/staff';
import { httpRoute } from '../http/route';
import { presentGrievanceForStaff } from '../presenters/grievance';
import { grievancePath, staffResponseBody } from '../schemas/grievance';
import { respondToGrievance } from '../use-cases/respond-to-grievance';
import { respondDeps } from '../wiring/respond-to-grievance';

/** POST /staff/grievances/{id}/responses — respond, resolve or add a note (403 above one's level, 409 closed). */
export const handler = httpRoute({
  auth: 'staff',
  groups: GRIEVANCE_GROUPS,
  path: grievancePath,
  body: staffResponseBody,
  handler: async ({ staff, path, body }) => {
    if (!staff) throw new Error('staff identity missing');
    const g = await respondToGrievance(respondDeps(), staff, path.id, body);
    return { body: presentGrievanceForStaff(g) };
  },
});
