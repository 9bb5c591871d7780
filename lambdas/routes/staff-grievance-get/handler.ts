import { readGrievanceDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { presentGrievanceForStaff } from '../../presenters/grievance';
import { getStaffGrievance } from '../../use-cases/read-grievances';
import { spec } from './spec';

/** GET /staff/grievances/{id} — staff view, notes included. */
export const handler = httpRoute(spec, async ({ params }) => {
  const g = await getStaffGrievance(readGrievanceDeps(), params.id);
  return { body: presentGrievanceForStaff(g) };
});
