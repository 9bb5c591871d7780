import {
  grievanceListSchema,
  grievanceSchema,
  grievanceSummarySchema,
  slaReportSchema,
  staffQueueSchema,
} from './grievance-response';
import { otpRequestResponse } from './otp';
import { serviceOrderResponse } from './service-order';
import {
  serviceOrderListResponse,
  serviceOrderPageResponse,
  serviceOrderSummaryResponse,
} from './service-order-response';
import {
  currentSessionResponse,
  healthResponse,
  sessionResponse,
  staffProfileResponse,
} from './session-response';

/**
 * Every success body, by its component name in the OpenAPI document. Route
 * specs name their response (`response: 'Grievance'`) rather than import it,
 * so a function's bundle never builds a schema it only documents.
 */
export const RESPONSES = {
  Health: healthResponse,
  OtpChallenge: otpRequestResponse,
  Session: sessionResponse,
  Grievance: grievanceSchema,
  GrievanceSummary: grievanceSummarySchema,
  GrievanceList: grievanceListSchema,
  GrievanceQueuePage: staffQueueSchema,
  ServiceOrder: serviceOrderResponse,
  ServiceOrderSummary: serviceOrderSummaryResponse,
  ServiceOrderList: serviceOrderListResponse,
  ServiceOrderPage: serviceOrderPageResponse,
  CurrentSession: currentSessionResponse,
  StaffProfile: staffProfileResponse,
  SlaReport: slaReportSchema,
};

export type ResponseName = keyof typeof RESPONSES;
