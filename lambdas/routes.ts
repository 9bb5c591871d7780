import type * as z from 'zod/mini';
import {
  customerGrievanceBody,
  feedbackBody,
  staffGrievanceBody,
  staffQueueQuery,
  staffResponseBody,
} from './schemas/grievance';
import { grievanceListSchema, grievanceSchema, staffQueueSchema } from './schemas/grievance-response';
import { otpRequestBody, otpRequestResponse, otpVerifyBody } from './schemas/otp';
import {
  changeServiceOrderStatusBody,
  createServiceOrderBody,
  serviceOrderResponse,
} from './schemas/service-order';

/**
 * Every HTTP route, defined once: the CDK stack makes one function and one API
 * method per entry (with the grants it lists), the local host routes by it, and
 * GET /openapi.json is generated from it.
 */
export interface RouteSpec {
  method: 'GET' | 'POST';
  /** API Gateway resource path, e.g. /grievances/{id}. */
  path: string;
  /** Module under lambdas/handlers/ exporting `handler`. */
  handler: string;
  auth: 'none' | 'customer' | 'staff';
  summary: string;
  /** What the function may do to the table. */
  table: 'none' | 'read' | 'readwrite';
  /** Other resources the function touches. */
  uses?: readonly ('sms' | 'alerts' | 'scheduler' | 'otp-secret')[];
  status: number;
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  response?: z.ZodMiniType;
  /** Tag for the tighter WAF rule and docs. */
  tag: 'system' | 'otp' | 'service-orders' | 'grievances' | 'staff';
}

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/health',
    handler: 'health',
    auth: 'none',
    summary: 'Liveness check',
    table: 'none',
    status: 200,
    tag: 'system',
  },
  {
    method: 'GET',
    path: '/openapi.json',
    handler: 'openapi',
    auth: 'none',
    summary: 'This OpenAPI document',
    table: 'none',
    status: 200,
    tag: 'system',
  },
  {
    method: 'POST',
    path: '/otp',
    handler: 'otp-request',
    auth: 'none',
    summary: 'Request a one-time password by SMS',
    table: 'readwrite',
    uses: ['sms', 'otp-secret'],
    status: 202,
    body: otpRequestBody,
    response: otpRequestResponse,
    tag: 'otp',
  },
  {
    method: 'POST',
    path: '/otp/verify',
    handler: 'otp-verify',
    auth: 'none',
    summary: 'Verify a one-time password and receive an access token',
    table: 'readwrite',
    uses: ['otp-secret'],
    status: 200,
    body: otpVerifyBody,
    tag: 'otp',
  },
  {
    method: 'POST',
    path: '/grievances',
    handler: 'grievance-create',
    auth: 'customer',
    summary: 'File a grievance (Idempotency-Key supported); the customer gets an SMS acknowledgement',
    table: 'readwrite',
    uses: ['sms', 'scheduler'],
    status: 201,
    body: customerGrievanceBody,
    response: grievanceSchema,
    tag: 'grievances',
  },
  {
    method: 'GET',
    path: '/grievances',
    handler: 'grievance-list',
    auth: 'customer',
    summary: "The grievances of the token's phone",
    table: 'read',
    status: 200,
    response: grievanceListSchema,
    tag: 'grievances',
  },
  {
    method: 'GET',
    path: '/grievances/{id}',
    handler: 'grievance-get',
    auth: 'customer',
    summary: "A customer's own grievance (404 for anyone else's)",
    table: 'read',
    status: 200,
    response: grievanceSchema,
    tag: 'grievances',
  },
  {
    method: 'POST',
    path: '/grievances/{id}/feedback',
    handler: 'grievance-feedback',
    auth: 'customer',
    summary: 'Feedback on a resolution: satisfied closes, not satisfied escalates',
    table: 'readwrite',
    uses: ['sms', 'alerts', 'scheduler'],
    status: 200,
    body: feedbackBody,
    response: grievanceSchema,
    tag: 'grievances',
  },
  {
    method: 'GET',
    path: '/staff/grievances',
    handler: 'staff-grievance-list',
    auth: 'staff',
    summary: "The grievance queue of the caller's levels, most urgent first",
    table: 'read',
    status: 200,
    query: staffQueueQuery,
    response: staffQueueSchema,
    tag: 'grievances',
  },
  {
    method: 'GET',
    path: '/staff/grievances/{id}',
    handler: 'staff-grievance-get',
    auth: 'staff',
    summary: 'A grievance, staff view with notes',
    table: 'read',
    status: 200,
    response: grievanceSchema,
    tag: 'grievances',
  },
  {
    method: 'POST',
    path: '/staff/grievances',
    handler: 'staff-grievance-create',
    auth: 'staff',
    summary: "File a grievance on a walk-in customer's behalf (Idempotency-Key supported)",
    table: 'readwrite',
    uses: ['sms', 'scheduler'],
    status: 201,
    body: staffGrievanceBody,
    response: grievanceSchema,
    tag: 'grievances',
  },
  {
    method: 'POST',
    path: '/staff/grievances/{id}/responses',
    handler: 'staff-grievance-respond',
    auth: 'staff',
    summary: 'Respond to, resolve or add a staff note to a grievance',
    table: 'readwrite',
    uses: ['sms', 'scheduler'],
    status: 200,
    body: staffResponseBody,
    response: grievanceSchema,
    tag: 'grievances',
  },
  {
    method: 'GET',
    path: '/service-orders/{id}',
    handler: 'service-order-get',
    auth: 'customer',
    summary: "A customer's own service order (404 for anyone else's)",
    table: 'read',
    status: 200,
    response: serviceOrderResponse,
    tag: 'service-orders',
  },
  {
    method: 'POST',
    path: '/staff/service-orders',
    handler: 'staff-service-order-create',
    auth: 'staff',
    summary: 'Book a device in for repair; the customer gets an SMS',
    table: 'readwrite',
    uses: ['sms'],
    status: 201,
    body: createServiceOrderBody,
    response: serviceOrderResponse,
    tag: 'service-orders',
  },
  {
    method: 'GET',
    path: '/staff/service-orders/{id}',
    handler: 'staff-service-order-get',
    auth: 'staff',
    summary: 'A service order, staff view',
    table: 'read',
    status: 200,
    response: serviceOrderResponse,
    tag: 'service-orders',
  },
  {
    method: 'POST',
    path: '/staff/service-orders/{id}/status',
    handler: 'staff-service-order-status',
    auth: 'staff',
    summary: 'Move a service order to its next status; the customer gets an SMS',
    table: 'readwrite',
    uses: ['sms'],
    status: 200,
    body: changeServiceOrderStatusBody,
    response: serviceOrderResponse,
    tag: 'service-orders',
  },
];
