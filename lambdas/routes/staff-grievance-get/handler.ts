import { readGrievanceDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentGrievanceForStaff } from '../../presenters/grievance';
import { getStaffGrievance } from '../../use-cases/read-grievances';
import { spec } from './spec';

/** GET /staff/grievances/{id} — staff view, notes included; 403 above the caller's level. */
export const handler = httpRoute(spec, async ({ staff, params }) => {
  const g = await getStaffGrievance(readGrievanceDeps(), staff, params.id);
  return { body: presentGrievanceForStaff(g) };
});
