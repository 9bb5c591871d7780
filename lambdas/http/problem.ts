import { AppError } from '../errors';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * RFC 9457 problem details. Only AppErrors below 500 reveal their detail; any
 * other error becomes a generic 500 that says nothing of the internals.
 */
export function problemResponse(error: unknown, instance?: string): HttpResponse {
  if (error instanceof AppError && error.status < 500) {
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
