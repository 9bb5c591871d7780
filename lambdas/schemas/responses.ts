import { grievanceListSchema, grievanceSchema, staffQueueSchema } from './grievance-response';
import { otpRequestResponse } from './otp';
import { serviceOrderResponse } from './service-order';
import {
  serviceOrderListResponse,
  serviceOrderPageResponse,
  serviceOrderSummaryResponse,
} from './service-order-response';
import { currentSessionResponse, staffProfileResponse } from './session-response';

/**
 * Every success body, by its component name in the OpenAPI document. Route
 * specs name their response (`response: 'Grievance'`) rather than import it,
 * so a function's bundle never builds a schema it only documents.
 */
export const RESPONSES = {
  OtpChallenge: otpRequestResponse,
  Grievance: grievanceSchema,
  GrievanceList: grievanceListSchema,
  GrievanceQueuePage: staffQueueSchema,
  ServiceOrder: serviceOrderResponse,
  ServiceOrderSummary: serviceOrderSummaryResponse,
  ServiceOrderList: serviceOrderListResponse,
  ServiceOrderPage: serviceOrderPageResponse,
  CurrentSession: currentSessionResponse,
  StaffProfile: staffProfileResponse,
};

export type ResponseName = keyof typeof RESPONSES;
