import { httpRoute } from '../../http/route';
import { spec } from './spec';

/** GET /health — liveness. */
export const handler = httpRoute(spec, async () => ({ body: { status: 'ok' } }));
