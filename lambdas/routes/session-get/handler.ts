import { customerAuth } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { describeSession } from '../../use-cases/customer-session';
import { spec } from './spec';

/** GET /session — the phone the token is for and when it expires. */
export const handler = httpRoute(
  spec,
  async ({ customer }) => ({ body: describeSession(customer) }),
  customerAuth,
);
