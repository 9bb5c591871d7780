import { staffProfile } from '../../domain/staff';
import { httpRoute } from '../../http/route';
import { spec } from './spec';

/** GET /staff/me — any staff token: who it names, their groups and level (null when they work none). */
export const handler = httpRoute(spec, async ({ staff }) => ({ body: staffProfile(staff) }));
