import { createGrievanceDeps } from '../../composition/scheduling';
import { httpRoute } from '../../http/route';
import { presentGrievanceForStaff } from '../../presenters/grievance';
import { createGrievance } from '../../use-cases/create-grievance';
import { spec } from './spec';

/** POST /staff/grievances — staff file a grievance on a walk-in customer's behalf (optional Idempotency-Key). */
export const handler = httpRoute(spec, async ({ body, staff, headers }) => {
  const { name, email, phone, ...rest } = body;
  const result = await createGrievance(createGrievanceDeps(), {
    grievance: { ...rest, customer: { name, phone, email } },
    actor: 'STAFF',
    staffId: staff.sub,
    scope: `S#${staff.sub}`,
    idempotencyKey: headers['idempotency-key'],
    present: presentGrievanceForStaff,
  });
  return { status: result.status, body: result.body };
});
