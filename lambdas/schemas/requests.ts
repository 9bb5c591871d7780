import {
  claimBody,
  customerGrievanceBody,
  feedbackBody,
  staffGrievanceBody,
  staffResponseBody,
} from './grievance';
import { otpRequestBody, otpVerifyBody } from './otp';
import { changeServiceOrderStatusBody, createServiceOrderBody } from './service-order';

/**
 * Every request body, by its component name in the OpenAPI document. A route
 * spec holds its body schema itself (it validates with it); the document finds
 * the body's name here, and a test checks that every body has one.
 */
export const REQUESTS = {
  OtpRequest: otpRequestBody,
  OtpVerification: otpVerifyBody,
  GrievanceRequest: customerGrievanceBody,
  WalkInGrievanceRequest: staffGrievanceBody,
  FeedbackRequest: feedbackBody,
  StaffResponseRequest: staffResponseBody,
  ClaimRequest: claimBody,
  ServiceOrderRequest: createServiceOrderBody,
  StatusChangeRequest: changeServiceOrderStatusBody,
};
