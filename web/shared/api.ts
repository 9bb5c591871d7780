import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/api';

/**
 * The API as both web apps call it: a client typed from the OpenAPI document
 * (generated/api.d.ts), so an API change that breaks a screen fails `tsc`.
 * Every call goes through `call()`, which turns a problem+json answer into an
 * ApiError the screens know how to show.
 */

export type Schemas = components['schemas'];
export type ServiceOrder = Schemas['ServiceOrder'];
export type ServiceOrderSummary = Schemas['ServiceOrderSummary'];
export type Grievance = Schemas['Grievance'];
export type GrievanceSummary = Schemas['GrievanceSummary'];
export type GrievanceCategory = Grievance['category'];
export type ServiceOrderStatus = ServiceOrder['status'];
export type IdentifierType = Schemas['OtpRequest']['identifierType'];
export type ProblemCode = Schemas['Problem']['code'];
/** POST /otp/verify's answer (the `Session` component). */
export type VerifiedSession = Schemas['Session'];
export type StaffProfile = Schemas['StaffProfile'];

export type ApiClient = Client<paths>;

/** A problem answer (RFC 9457) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The problem's `code` (API.md); `network` when the API was not reached, `unknown` for a non-problem answer. */
    readonly code: ProblemCode | 'network' | 'unknown',
    detail: string,
    readonly errors: { path: string; message: string }[] = [],
    readonly extra: { retryAfterSeconds?: number; attemptsRemaining?: number } = {},
  ) {
    super(detail);
  }
}

/** Reads a problem body (whatever members it has) into an ApiError. */
export function problemToError(status: number, body: unknown, headers?: Headers): ApiError {
  const p = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const retryHeader = Number(headers?.get('retry-after'));
  const retryAfterSeconds =
    typeof p.retryAfterSeconds === 'number'
      ? p.retryAfterSeconds
      : Number.isFinite(retryHeader) && retryHeader > 0
        ? retryHeader
        : undefined;
  const extra: ApiError['extra'] = {};
  if (retryAfterSeconds !== undefined) extra.retryAfterSeconds = retryAfterSeconds;
  if (typeof p.attemptsRemaining === 'number') extra.attemptsRemaining = p.attemptsRemaining;
  return new ApiError(
    status,
    typeof p.code === 'string' ? (p.code as ProblemCode) : 'unknown',
    typeof p.detail === 'string' ? p.detail : 'Something went wrong. Please try again.',
    Array.isArray(p.errors) ? (p.errors as ApiError['errors']) : [],
    extra,
  );
}

const TOKEN_REFUSED: ReadonlySet<ApiError['code']> = new Set([
  'token_expired',
  'token_invalid',
  'token_missing',
]);

/** A client for this origin that sends `token()` as a bearer token when there is one. */
export function createApi(token: () => string | undefined, onUnauthorized?: (e: ApiError) => void) {
  const client = createClient<paths>({ baseUrl: location.origin });
  client.use({
    onRequest({ request }) {
      const t = token();
      if (t) request.headers.set('authorization', `Bearer ${t}`);
      return request;
    },
  });
  return {
    client,
    /**
     * Awaits an openapi-fetch call: its data, or an ApiError. A token the API
     * refused (`token_expired`, `token_invalid`) is also reported to `onUnauthorized`.
     */
    async call<R extends { data?: unknown; error?: unknown; response: Response }>(
      pending: Promise<R>,
    ): Promise<NonNullable<R['data']>> {
      let result: R;
      try {
        result = await pending;
      } catch {
        throw new ApiError(0, 'network', 'Could not reach the service. Check your connection and try again.');
      }
      if (result.response.ok) return result.data as NonNullable<R['data']>;
      const error = problemToError(result.response.status, result.error, result.response.headers);
      if (token() && TOKEN_REFUSED.has(error.code)) onUnauthorized?.(error);
      throw error;
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** "Try again in 3 minutes" for a 429, from Retry-After / retryAfterSeconds. */
export function retryText(seconds: number | undefined): string {
  if (!seconds) return 'Please wait a little and try again.';
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  return `Try again in ${Math.ceil(minutes / 60)} hours.`;
}

/** What a screen shows for an error: messages per field id, and one message for the alert. */
export interface FormProblem {
  fields: Record<string, string>;
  summary?: string;
}

/**
 * Places an API error on a form: each `errors[].path` next to its field (by
 * `fieldOf`, API path → input id), everything else in the alert.
 */
export function toFormProblem(error: unknown, fieldOf: Record<string, string> = {}): FormProblem {
  if (!(error instanceof ApiError)) return { fields: {}, summary: 'Something went wrong. Please try again.' };
  if (error.code === 'rate_limited')
    return { fields: {}, summary: `${error.message} ${retryText(error.extra.retryAfterSeconds)}` };
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const e of error.errors) {
    const id = fieldOf[e.path];
    if (id && !fields[id]) fields[id] = `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}`;
    else if (!id) unplaced.push(`${e.path}: ${e.message}`);
  }
  if (Object.keys(fields).length === 0 || unplaced.length > 0)
    return { fields, summary: unplaced.length ? unplaced.join('; ') : error.message };
  return { fields };
}
