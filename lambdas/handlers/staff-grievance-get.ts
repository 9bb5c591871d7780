import { GRIEVANCE_GROUPS } from '../domain/staff';
import { httpRoute } from '../http/route';
import { presentGrievanceForStaff } from '../presenters/grievance';
import { grievancePath } from '../schemas/grievance';
import { getStaffGrievance } from '../use-cases/read-grievances';
import { grievanceRepository } from '../wiring/grievances';

/** GET /staff/grievances/{id} — staff view, notes included. */
export const handler = httpRoute({
  auth: 'staff',
  groups: GRIEVANCE_GROUPS,
  path: grievancePath,
  handler: async ({ path }) => {
    const g = await getStaffGrievance({ grievances: grievanceRepository() }, path.id);
    return { body: presentGrievanceForStaff(g) };
  },
});
