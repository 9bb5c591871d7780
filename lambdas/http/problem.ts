import { AppError } from '../errors';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The one rule of what a client may see: an AppError below 500 is shown as it
 * is; anything else (a bug, an SDK error, an AppError of 5xx) is an internal
 * error that says nothing of the internals — and is logged.
 */
export const isClientError = (error: unknown): error is AppError =>
  error instanceof AppError && error.status < 500;

/** RFC 9457 problem details of an error, by `isClientError`. */
export function problemResponse(error: unknown, instance?: string): HttpResponse {
  if (isClientError(error)) {
    return {
      statusCode: error.status,
      headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...error.headers },
      body: JSON.stringify({
        type: error.type,
        title: error.title,
        status: error.status,
        detail: error.message,
        ...(instance ? { instance } : {}),
        ...error.extra,
      }),
    };
  }
  return {
    statusCode: 500,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify({
      type: 'https://redress.example/problems/internal',
      title: 'Internal server error',
      status: 500,
      detail: 'Something went wrong on our side. Please try again later.',
      ...(instance ? { instance } : {}),
    }),
  };
}
