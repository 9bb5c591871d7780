import { customerAuth } from '../../composition/data';
import { createGrievanceDeps } from '../../composition/scheduling';
import { httpRoute } from '../../http/route';
import { presentGrievanceForCustomer } from '../../presenters/grievance';
import { createGrievance } from '../../use-cases/create-grievance';
import { spec } from './spec';

/** POST /grievances — a customer files a grievance (optional Idempotency-Key). */
export const handler = httpRoute(
  spec,
  async ({ body, customer, headers }) => {
    const { name, email, ...rest } = body;
    const result = await createGrievance(createGrievanceDeps(), {
      grievance: { ...rest, customer: { name, phone: customer.phone, email } },
      actor: 'CUSTOMER',
      scope: `C#${customer.phone}`,
      idempotencyKey: headers['idempotency-key'],
      present: presentGrievanceForCustomer,
    });
    return { status: result.status, body: result.body };
  },
  customerAuth,
);
