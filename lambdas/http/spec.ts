import type * as z from 'zod/mini';
import type { StaffGroup } from '../domain/staff';
import type { ResponseName } from '../schemas/responses';

export type RouteAuth = 'none' | 'customer' | 'staff';

/** Resources a route's function touches besides the table; the CDK stack grants exactly these. */
/** `client-address`: the route counts per client IP, so it reads CloudFront's origin-verify secret (client-address.ts). */
/** `sms`: sends SMS at once (OTPs only); `sms-queue`: queues customer SMS (every other). */
export type RouteResource =
  | 'sms'
  | 'sms-queue'
  | 'alerts'
  | 'scheduler'
  | 'otp-secret'
  | 'cursor-secret'
  | 'client-address';

/** Error statuses a route may answer besides those its auth, body and the gateway imply (see `answers`). */
export type RouteErrorStatus = 403 | 404 | 409 | 502 | 503;

/**
 * One route, stated once: its handler (`lambdas/routes/<name>/handler.ts`)
 * validates and authorizes by it, and the route table (`lambdas/routes/index.ts`)
 * hands it to the CDK stack (function, method, request model, grants), the local
 * host and the OpenAPI document. Schema-only: importing a spec loads no adapter.
 */
export interface RouteSpec<A extends RouteAuth = RouteAuth, B = unknown, P = unknown, Q = unknown> {
  /** The slice's folder under lambdas/routes/, and its function's name. */
  name: string;
  method: 'GET' | 'POST';
  /** API Gateway resource path, e.g. /grievances/{id}. */
  path: string;
  /** `customer`: an OTP bearer token; `staff`: the Cognito authorizer's claims. */
  auth: A;
  /** Staff groups allowed (any of); absent: any authenticated staff member. Staff routes only. */
  groups?: A extends 'staff' ? readonly StaffGroup[] : never;
  summary: string;
  /** Tag for the docs and the tighter WAF rule. */
  tag: 'system' | 'otp' | 'service-orders' | 'grievances';
  /** The success status. */
  status: number;
  /** Error statuses beyond 400/401/403/413/415/500, which follow from `auth` and `body`. */
  errors?: readonly RouteErrorStatus[];
  params?: z.ZodMiniType<P>;
  query?: z.ZodMiniType<Q>;
  body?: z.ZodMiniType<B>;
  /** The success body, by its component name (lambdas/schemas/responses.ts). */
  response?: ResponseName;
  /**
   * Other media types of the success body, chosen by the request's Accept
   * (JSON stays the default): documented in OpenAPI with an example.
   */
  alternatives?: readonly { mediaType: string; description: string; example: string }[];
  /** Takes an optional `Idempotency-Key` header: the same key and body return the first answer. */
  idempotent?: boolean;
  /** What the function may do to the table. */
  table: 'none' | 'read' | 'readwrite';
  uses?: readonly RouteResource[];
}

/** Infers a spec's types from its schemas (write `export const spec = defineRoute({...})`). */
export const defineRoute = <const A extends RouteAuth, B = undefined, P = undefined, Q = undefined>(
  spec: RouteSpec<A, B, P, Q>,
): RouteSpec<A, B, P, Q> => spec;

/** Every status a route can answer: its success status, what its auth, body and the gateway imply, and its own errors. */
export function answers(spec: RouteSpec): number[] {
  const out = new Set<number>([spec.status, 500]);
  if (spec.body || spec.params || spec.query) out.add(400);
  if (spec.body) for (const s of [413, 415]) out.add(s);
  if (spec.auth !== 'none') out.add(401);
  if (spec.auth === 'staff') out.add(403);
  if (spec.idempotent) out.add(422);
  // API Gateway's stage throttling may refuse any route.
  out.add(429);
  for (const s of spec.errors ?? []) out.add(s);
  return [...out].sort((a, b) => a - b);
}
