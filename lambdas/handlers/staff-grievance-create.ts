import { GRIEVANCE_GROUPS } from '../domain/staff';
import { httpRoute } from '../http/route';
import { presentGrievanceForStaff } from '../presenters/grievance';
import { staffGrievanceBody } from '../schemas/grievance';
import { createGrievance } from '../use-cases/create-grievance';
import { createGrievanceDeps } from '../wiring/create-grievance';

/** POST /staff/grievances — staff file a grievance on a walk-in customer's behalf (optional Idempotency-Key). */
export const handler = httpRoute({
  auth: 'staff',
  groups: [...GRIEVANCE_GROUPS, 'service-centre'],
  body: staffGrievanceBody,
  handler: async ({ body, staff, headers }) => {
    const sub = staff?.sub ?? '';
    const { name, email, phone, ...rest } = body;
    const result = await createGrievance(createGrievanceDeps(), {
      grievance: { ...rest, customer: { name, phone, email } },
      actor: 'STAFF',
      staffId: sub,
      scope: `S#${sub}`,
      idempotencyKey: headers['idempotency-key'],
      present: presentGrievanceForStaff,
    });
    return { status: result.status, body: result.body };
  },
});
