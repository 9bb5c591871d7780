import type { RouteSpec } from '../http/spec';
import { spec as grievanceCreate } from './grievance-create/spec';
import { spec as grievanceFeedback } from './grievance-feedback/spec';
import { spec as grievanceGet } from './grievance-get/spec';
import { spec as grievanceList } from './grievance-list/spec';
import { spec as health } from './health/spec';
import { spec as openapi } from './openapi/spec';
import { spec as otpRequest } from './otp-request/spec';
import { spec as otpVerify } from './otp-verify/spec';
import { spec as serviceOrderGet } from './service-order-get/spec';
import { spec as serviceOrderList } from './service-order-list/spec';
import { spec as sessionGet } from './session-get/spec';
import { spec as sessionLogout } from './session-logout/spec';
import { spec as staffGrievanceClaim } from './staff-grievance-claim/spec';
import { spec as staffGrievanceCreate } from './staff-grievance-create/spec';
import { spec as staffGrievanceGet } from './staff-grievance-get/spec';
import { spec as staffGrievanceList } from './staff-grievance-list/spec';
import { spec as staffGrievanceRelease } from './staff-grievance-release/spec';
import { spec as staffGrievanceRespond } from './staff-grievance-respond/spec';
import { spec as staffMe } from './staff-me/spec';
import { spec as staffServiceOrderCreate } from './staff-service-order-create/spec';
import { spec as staffServiceOrderGet } from './staff-service-order-get/spec';
import { spec as staffServiceOrderList } from './staff-service-order-list/spec';
import { spec as staffServiceOrderStatus } from './staff-service-order-status/spec';
import { spec as staffSlaReport } from './staff-sla-report/spec';

/**
 * Every HTTP route: the CDK stack makes one function and one API method per
 * spec (with the grants it lists), the local host routes by them, and
 * GET /openapi.json is generated from them. A route's handler is
 * `lambdas/routes/<spec.name>/handler.ts`.
 */
export const ROUTES: readonly RouteSpec[] = [
  health,
  openapi,
  otpRequest,
  otpVerify,
  sessionGet,
  sessionLogout,
  grievanceCreate,
  grievanceList,
  grievanceGet,
  grievanceFeedback,
  staffGrievanceList,
  staffGrievanceGet,
  staffGrievanceCreate,
  staffGrievanceRespond,
  staffGrievanceClaim,
  staffGrievanceRelease,
  staffSlaReport,
  staffMe,
  serviceOrderList,
  serviceOrderGet,
  staffServiceOrderList,
  staffServiceOrderCreate,
  staffServiceOrderGet,
  staffServiceOrderStatus,
] as readonly RouteSpec[];

/** The handler module of a route, relative to lambdas/ (a function entry). */
export const handlerEntry = (route: RouteSpec): string => `routes/${route.name}/handler`;
