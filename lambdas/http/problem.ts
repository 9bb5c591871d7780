import { AppError, type ProblemCode } from '../errors';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details as API.md fixes them; more members (`errors`, `retryAfterSeconds`, …) may follow. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path. */
  instance: string;
  code: ProblemCode;
  [member: string]: unknown;
}

/** An error the caller caused (a 4xx): shown as it is, not logged as a failure. */
export const isClientError = (error: unknown): error is AppError =>
  error instanceof AppError && error.status < 500;

/**
 * The one rule of what a client may see: an AppError below 500 (or a 5xx made
 * to be shown, such as 503 not ready) is shown as it is; anything else (a bug,
 * an SDK error) is an internal error that says nothing of the internals — and is logged.
 */
const isShown = (error: unknown): error is AppError => error instanceof AppError && error.exposed;

/** The problem+json answer of `body` (the status is the body's). */
export function problem(body: ProblemBody, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode: body.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...headers },
    body: JSON.stringify(body),
  };
}

/** RFC 9457 problem details of an error; `instance` is the request path. */
export function problemResponse(error: unknown, instance: string): HttpResponse {
  if (isShown(error)) {
    return problem(
      {
        type: error.type,
        title: error.title,
        status: error.status,
        detail: error.message,
        instance,
        code: error.code,
        ...error.extra,
      },
      error.headers,
    );
  }
  return problem({
    type: 'https://redress.example/problems/internal',
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side. Please try again later.',
    instance,
    code: 'internal',
  });
}
