import { httpRoute } from '../http/route';
import { presentGrievanceForCustomer } from '../presenters/grievance';
import { customerGrievanceBody } from '../schemas/grievance';
import { createGrievance } from '../use-cases/create-grievance';
import { createGrievanceDeps } from '../wiring/create-grievance';
import { customerAuth } from '../wiring/customer-auth';

/** POST /grievances — a customer files a grievance (optional Idempotency-Key). */
export const handler = httpRoute({
  auth: 'customer',
  authenticate: customerAuth,
  body: customerGrievanceBody,
  handler: async ({ body, customer, headers }) => {
    const phone = customer?.phone ?? '';
    const { name, email, ...rest } = body;
    const result = await createGrievance(createGrievanceDeps(), {
      grievance: { ...rest, customer: { name, phone, email } },
      actor: 'CUSTOMER',
      scope: `C#${phone}`,
      idempotencyKey: headers['idempotency-key'],
      present: presentGrievanceForCustomer,
    });
    return { status: result.status, body: result.body };
  },
});
