import type * as z from 'zod/mini';
import { otpRequestBody, otpRequestResponse, otpVerifyBody } from './schemas/otp';

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
];

/** Event-driven functions (not HTTP), also wired by the CDK stack. */
export const EVENT_HANDLERS = [] as const;
