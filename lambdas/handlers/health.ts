import { httpRoute } from '../http/route';

/** GET /health — liveness. */
export const handler = httpRoute({ auth: 'none', handler: async () => ({ body: { status: 'ok' } }) });
