import { customerAuth, sessionDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { logout } from '../../use-cases/customer-session';
import { spec } from './spec';

/** POST /session/logout — revokes the bearer token; 204. */
export const handler = httpRoute(
  spec,
  async ({ customer }) => {
    await logout(sessionDeps(), customer);
    return { status: 204, body: undefined };
  },
  customerAuth,
);
