import { readinessDeps } from '../../composition/data';
import { httpRoute } from '../../http/route';
import { checkReadiness } from '../../use-cases/check-readiness';
import { spec } from './spec';

/** GET /health — readiness: 200 when the table answers, 503 problem otherwise. */
export const handler = httpRoute(spec, async () => ({ body: await checkReadiness(readinessDeps()) }));
